using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coffer.Bench.Backup;

/// <summary>
/// The backup floor: <c>POST /{secrets|keys}/{name}/backup</c> AES-GCM-seals a payload kept in memory,
/// as long as Coffer's blob for that kind, and answers <c>{"value": base64url}</c>; <c>POST
/// /{secrets|keys}/restore</c> opens such a blob and adds it to an in-memory dictionary under the
/// request's host (its "vault") and the name the payload starts with — 409 if there — answering a body as
/// long as Coffer's. HTTP, TLS, JSON, base64url and one AEAD, and nothing else.
/// </summary>
internal sealed class BackupFloor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _payloads = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte[]> _restored = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, byte[]> _restoreAnswers = [];

    /// <summary>Bytes a blob adds to its payload.</summary>
    public static int Overhead => NonceSize + TagSize;

    public int Restored => _restored.Count;

    /// <summary>
    /// Holds a payload for <paramref name="collection"/>/<paramref name="name"/>: the name, a newline, and
    /// random bytes up to <paramref name="payloadBytes"/>; returns the blob a backup of it would give.
    /// </summary>
    public byte[] Add(string collection, string name, int payloadBytes)
    {
        var header = Encoding.UTF8.GetBytes(name + "\n");
        var payload = new byte[Math.Max(payloadBytes, header.Length)];
        header.CopyTo(payload, 0);
        RandomNumberGenerator.Fill(payload.AsSpan(header.Length));
        _payloads[collection + "/" + name] = payload;
        return Seal(payload);
    }

    /// <summary>Drops every restored payload, so their memory does not count in a later RSS reading.</summary>
    public void ForgetRestored() => _restored.Clear();

    /// <summary>The body restore answers for a kind: Coffer's answer for it is a get of the restored object, this is one as long.</summary>
    public void SetRestoreAnswer(string collection, byte[] answer) => _restoreAnswers[collection] = answer;

    public void Map(WebApplication app)
    {
        app.MapPost("/{collection}/{name}/backup", (string collection, string name) =>
            _payloads.TryGetValue(collection + "/" + name, out var payload)
                ? TypedResults.Json(new BackupValue(Base64Url.EncodeToString(Seal(payload))), BackupJsonContext.Default.BackupValue)
                : Results.NotFound());
        app.MapPost("/{collection}/restore", async (string collection, HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync(BackupJsonContext.Default.BackupValue, request.HttpContext.RequestAborted);
            if (body?.Value is null || !_restoreAnswers.TryGetValue(collection, out var answer))
            {
                return Results.BadRequest();
            }

            byte[] payload;
            try
            {
                payload = Open(Base64Url.DecodeFromChars(body.Value));
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                return Results.BadRequest();
            }

            var end = Array.IndexOf(payload, (byte)'\n');
            var name = end > 0 ? Encoding.UTF8.GetString(payload, 0, end) : "";
            return _restored.TryAdd($"{request.Host.Host}/{collection}/{name}", payload)
                ? Results.Bytes(answer, "application/json")
                : Results.Conflict();
        });
    }

    public byte[] Seal(ReadOnlySpan<byte> payload)
    {
        var blob = new byte[NonceSize + payload.Length + TagSize];
        RandomNumberGenerator.Fill(blob.AsSpan(0, NonceSize));
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Encrypt(blob.AsSpan(0, NonceSize), payload, blob.AsSpan(NonceSize, payload.Length), blob.AsSpan(blob.Length - TagSize));
        return blob;
    }

    public byte[] Open(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The blob is truncated.");
        }

        var payload = new byte[blob.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Decrypt(blob[..NonceSize], blob.Slice(NonceSize, payload.Length), blob[^TagSize..], payload);
        return payload;
    }
}
