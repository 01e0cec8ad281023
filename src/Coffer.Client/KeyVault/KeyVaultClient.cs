using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Coffer.Core;

namespace Coffer.Client.KeyVault;

/// <summary>
/// The Key Vault data plane on an Azure.Core pipeline, for any Key Vault endpoint (Coffer or Azure):
/// challenge-based bearer authentication, Azure.Core's retries (429 <c>Retry-After</c> honoured), and
/// errors as <see cref="KeyVaultServiceException"/>. Keys, secrets and certificates alike, by <see cref="ObjectKind"/>.
/// </summary>
public sealed partial class KeyVaultClient
{
    private readonly HttpPipeline _pipeline;
    private readonly string _apiVersion;

    public KeyVaultClient(Uri vaultUri, TokenCredential credential, KeyVaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        ArgumentNullException.ThrowIfNull(options);
        VaultUri = new Uri(vaultUri.GetLeftPart(UriPartial.Authority));
        _apiVersion = options.ApiVersion;
        _pipeline = HttpPipelineBuilder.Build(options, new ChallengeAuthenticationPolicy(credential));
    }

    public Uri VaultUri { get; }

    /// <summary><c>POST /{collection}/{name}/backup</c>: the blob's bytes (the service sends them base64url).</summary>
    public async Task<byte[]> BackupAsync(ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, $"/{kind.Collection()}/{Uri.EscapeDataString(name)}/backup");
        using var body = await SendAsync(message, cancellationToken);
        var value = body.RootElement.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return value is null
            ? throw new KeyVaultServiceException(message.Response.Status, "InvalidResponse", "The backup answer holds no value.", null)
            : Base64Url.DecodeFromChars(value);
    }

    /// <summary><c>POST /{collection}/restore</c> with <c>{"value": base64url}</c>; returns the restored object's latest version.</summary>
    public async Task<VaultObjectItem> RestoreAsync(ObjectKind kind, byte[] blob, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, $"/{kind.Collection()}/restore");
        message.Request.Content = Json(writer => writer.WriteString("value", Base64Url.EncodeToString(blob)));
        using var body = await SendAsync(message, cancellationToken);
        return Item(kind, kind == ObjectKind.Key && body.RootElement.TryGetProperty("key", out var key) ? key : body.RootElement, body.RootElement);
    }

    /// <summary>Soft-deleted objects of a kind (<c>GET /deleted{collection}</c>), page by page.</summary>
    public IAsyncEnumerable<VaultObjectItem> ListDeletedAsync(ObjectKind kind, CancellationToken cancellationToken) =>
        PagesAsync(kind, $"/deleted{kind.Collection()}", cancellationToken);

    /// <summary>The vault's objects of a kind, page by page (<c>nextLink</c>).</summary>
    public IAsyncEnumerable<VaultObjectItem> ListAsync(ObjectKind kind, CancellationToken cancellationToken) =>
        PagesAsync(kind, $"/{kind.Collection()}", cancellationToken);

    /// <summary>
    /// The names of the vault's objects of a kind that stand on their own, in name order: a certificate's managed key and
    /// secret travel with it and are left out, as are names Key Vault would not accept back.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListOwnNamesAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in ListAsync(kind, cancellationToken))
        {
            if (!item.Managed && ObjectName.IsValid(item.Name))
            {
                names.Add(item.Name);
            }
        }

        return [.. names.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every version of one object.</summary>
    public IAsyncEnumerable<VaultObjectItem> ListVersionsAsync(ObjectKind kind, string name, CancellationToken cancellationToken) =>
        PagesAsync(kind, $"/{kind.Collection()}/{Uri.EscapeDataString(name)}/versions", cancellationToken);

    /// <summary><c>POST /keys/{name}/create</c> with a key type (<c>RSA</c>, <c>EC</c>, …) and the service's defaults.</summary>
    public async Task<VaultObjectItem> CreateKeyAsync(string name, string keyType, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, $"/keys/{Uri.EscapeDataString(name)}/create");
        message.Request.Content = Json(writer => writer.WriteString("kty", keyType));
        using var body = await SendAsync(message, cancellationToken);
        return Item(ObjectKind.Key, body.RootElement.GetProperty("key"), body.RootElement);
    }

    /// <summary><c>DELETE /{collection}/{name}</c>: soft-deletes where the vault keeps deleted objects.</summary>
    public async Task DeleteAsync(ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, $"/{kind.Collection()}/{Uri.EscapeDataString(name)}");
        using var _ = await SendAsync(message, cancellationToken);
    }

    /// <summary><c>DELETE /deleted{collection}/{name}</c>.</summary>
    public async Task PurgeDeletedAsync(ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, $"/deleted{kind.Collection()}/{Uri.EscapeDataString(name)}");
        using var _ = await SendAsync(message, cancellationToken);
    }

    private async IAsyncEnumerable<VaultObjectItem> PagesAsync(ObjectKind kind, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = Address(path);
        for (var page = 0; next is not null; page++)
        {
            using var message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(next);
            message.Request.Headers.SetValue("Accept", "application/json");
            using var body = await SendAsync(message, cancellationToken);
            if (body.RootElement.TryGetProperty("value", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    yield return Item(kind, item, item);
                }
            }

            next = NextLink(body.RootElement);
        }
    }

    /// <summary>A nextLink is followed only on the vault's own host, so a token never travels elsewhere.</summary>
    private Uri? NextLink(JsonElement page)
    {
        if (!page.TryGetProperty("nextLink", out var link) || link.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(link.GetString()))
        {
            return null;
        }

        return Uri.TryCreate(link.GetString(), UriKind.Absolute, out var uri) && Uri.Compare(uri, VaultUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw new KeyVaultServiceException(200, "InvalidResponse", $"The listing's nextLink '{link.GetString()}' leaves the vault {VaultUri}.", null);
    }

    private Uri Address(string path) => new(VaultUri, path + "?api-version=" + Uri.EscapeDataString(_apiVersion));

    internal HttpMessage Message(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Address(path));
        message.Request.Headers.SetValue("Accept", "application/json");
        return message;
    }

    internal async Task<JsonDocument> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.IsError)
        {
            throw ServiceErrors.From(response);
        }

        var content = response.Content.ToMemory();
        try
        {
            return content.IsEmpty ? JsonDocument.Parse("{}") : JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            throw new KeyVaultServiceException(response.Status, "InvalidResponse", "The service answered with a body that is not JSON.", null);
        }
    }

    internal static RequestContent Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return RequestContent.Create(buffer.ToArray());
    }

    private static VaultObjectItem Item(ObjectKind kind, JsonElement idHolder, JsonElement item)
    {
        var idName = kind == ObjectKind.Key ? "kid" : "id";
        var id = idHolder.TryGetProperty(idName, out var i) && i.ValueKind == JsonValueKind.String && Uri.TryCreate(i.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new KeyVaultServiceException(200, "InvalidResponse", $"An item of the {kind.WireName()} answer has no '{idName}'.", null);
        var segments = id.AbsolutePath.Trim('/').Split('/');
        var attributes = item.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        return new VaultObjectItem(id, Uri.UnescapeDataString(segments.Length > 1 ? segments[1] : ""), segments.Length > 2 ? segments[2] : null,
            Bool(attributes, "enabled"), Time(attributes, "created"), Time(attributes, "updated"),
            item.TryGetProperty("managed", out var m) && m.ValueKind == JsonValueKind.True);
    }

    private static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
