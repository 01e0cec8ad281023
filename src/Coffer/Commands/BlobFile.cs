using System.Buffers.Text;
using System.Text.Json;

namespace Coffer.Cli.Commands;

/// <summary>
/// Backup files as az writes them: the blob's raw bytes. Reading also takes the service's
/// <c>{"value": "base64url"}</c> answer saved as is (a raw blob never starts with <c>{</c>: its first byte is
/// its marker's length).
/// </summary>
internal static class BlobFile
{
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"{path} does not exist.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new CliInputException($"{path} is empty.");
        }

        return bytes[0] == (byte)'{' ? FromJson(path, bytes) : bytes;
    }

    /// <summary>Writes next to <paramref name="path"/> first, then moves it in place, so a failed run leaves no half blob.</summary>
    public static async Task WriteAsync(string path, byte[] blob, bool overwrite, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(temporary, blob, cancellationToken);
        try
        {
            File.Move(temporary, full, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            File.Delete(temporary);
            throw ExistsError(path);
        }
    }

    /// <summary>az refuses to overwrite a file; so does coffer unless asked.</summary>
    public static void EnsureWritable(string path, bool overwrite)
    {
        if (!overwrite && File.Exists(path))
        {
            throw ExistsError(path);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new CliInputException($"The directory of {path} does not exist.");
        }
    }

    private static CliInputException ExistsError(string path) => new($"{path} already exists; pass --overwrite to replace it.");

    private static byte[] FromJson(string path, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out var value)
                && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                return Base64Url.DecodeFromChars(text);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CliInputException($"{path} is neither a raw backup blob nor {{\"value\": \"<base64url>\"}}: {e.Message}");
        }

        throw new CliInputException($"{path} is JSON without a \"value\" string; expected a raw backup blob or {{\"value\": \"<base64url>\"}}.");
    }
}
