using System.Buffers.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Coffer.Core;

namespace Coffer.Client.KeyVault;

/// <summary>Coffer's extensions under <c>/_coffer/</c> on a vault host; other Key Vault endpoints don't have them (<see cref="IsNotCoffer"/>).</summary>
public sealed partial class KeyVaultClient
{
    /// <summary>
    /// Coffer's extension <c>POST /_coffer/backup/{collection}/inspect</c>: the vault opens the blob as a restore
    /// would and describes it (header, name, versions, restorability here) without writing it or showing
    /// any value. Other Key Vault endpoints answer 404.
    /// </summary>
    public async Task<JsonElement> InspectBackupAsync(ObjectKind kind, byte[] blob, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, $"/_coffer/backup/{kind.Collection()}/inspect");
        message.Request.Content = Json(writer => writer.WriteString("value", Base64Url.EncodeToString(blob)));
        using var body = await SendAsync(message, cancellationToken);
        return body.RootElement.Clone();
    }

    /// <summary>
    /// Coffer's extension <c>POST /_coffer/backup</c>: the vault's point-in-time archive, streamed into
    /// <paramref name="destination"/>. False, with nothing written, when the endpoint does not have it
    /// (<see cref="IsNotCoffer"/>): not a Coffer, so back up object by object.
    /// </summary>
    public async Task<bool> TrySnapshotAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var message = Message(RequestMethod.Post, "/_coffer/backup");
        message.Request.Headers.SetValue("Accept", "application/vnd.coffer.vault-archive, application/json");
        message.BufferResponse = false;
        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.IsError)
        {
            var error = await BufferedErrorAsync(response, cancellationToken);
            return IsNotCoffer(error) ? false : throw error;
        }

        await using var body = response.ContentStream ?? Stream.Null;
        await body.CopyToAsync(destination, 64 * 1024, cancellationToken);
        return true;
    }

    /// <summary>
    /// Coffer's extension <c>POST /_coffer/restore?onConflict=…</c>: the server checks the whole archive, then
    /// restores it and answers its report (<c>{"restored":[…],"skipped":[…],"failed":[…]}</c>). Null when the
    /// endpoint does not have it (<see cref="IsNotCoffer"/>).
    /// </summary>
    public async Task<JsonElement?> TryRestoreArchiveAsync(Stream archive, string onConflict, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, "/_coffer/restore");
        message.Request.Uri.AppendQuery("onConflict", onConflict);
        message.Request.Headers.SetValue("Content-Type", "application/vnd.coffer.vault-archive");
        message.Request.Content = RequestContent.Create(archive);
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.IsError)
        {
            var error = ServiceErrors.From(message.Response);
            return IsNotCoffer(error) ? null : throw error;
        }

        using var body = JsonDocument.Parse(message.Response.Content.ToMemory());
        return body.RootElement.Clone();
    }

    /// <summary>
    /// An answer that says "no such endpoint" rather than "no such vault" or "not allowed": what a Key Vault
    /// other than Coffer answers to Coffer's <c>/_coffer/…</c> extensions.
    /// </summary>
    public static bool IsNotCoffer(KeyVaultServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Status switch
        {
            404 => error.Code != "VaultNotFound",
            405 or 501 => true,
            400 => error.Code is "BadParameter" or "HTTP400",
            _ => false,
        };
    }

    private static async Task<KeyVaultServiceException> BufferedErrorAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.ContentStream is { } stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            response.ContentStream = buffer;
        }

        return ServiceErrors.From(response);
    }
}
