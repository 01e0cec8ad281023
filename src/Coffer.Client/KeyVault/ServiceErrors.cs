using System.Text;
using System.Text.Json;
using Azure;

namespace Coffer.Client.KeyVault;

/// <summary>Reads Key Vault's <c>{"error":{"code","message","innererror":{"code","message"?}}}</c>; a body of another shape keeps the status and its text.</summary>
internal static class ServiceErrors
{
    public static KeyVaultServiceException From(Response response)
    {
        var content = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                var inner = error.TryGetProperty("innererror", out var i) && i.ValueKind == JsonValueKind.Object ? i : (JsonElement?)null;
                return new KeyVaultServiceException(response.Status, Text(error, "code") ?? Fallback(response), Text(error, "message") ?? response.ReasonPhrase,
                    inner is { } innerCode ? Text(innerCode, "code") : null, inner is { } innerMessage ? Text(innerMessage, "message") : null);
            }
        }
        catch (JsonException)
        {
            // Not Key Vault's shape (a proxy's page, an empty body): the status and the text say what there is.
        }

        var text = Encoding.UTF8.GetString(content.Span[..Math.Min(content.Length, 300)]).Trim();
        return new KeyVaultServiceException(response.Status, Fallback(response), text.Length > 0 ? text : response.ReasonPhrase, null, null);
    }

    private static string Fallback(Response response) => $"HTTP{response.Status}";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
