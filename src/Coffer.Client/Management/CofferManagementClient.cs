using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Coffer.Client.Management;

/// <summary>Coffer's management API (vaults) on an Azure.Core pipeline: bearer tokens, retries, RequestFailedException.</summary>
public sealed class CofferManagementClient
{
    private readonly Uri _server;
    private readonly HttpPipeline _pipeline;

    public CofferManagementClient(Uri server, TokenCredential credential, string resource, ClientOptions options)
    {
        _server = server;
        _pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, resource.TrimEnd('/') + "/.default"));
    }

    public async Task<IReadOnlyList<VaultInfo>> ListVaultsAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, "/_coffer/vaults");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.VaultListResponse).Value;
    }

    public async Task<VaultInfo> CreateVaultAsync(VaultCreateRequest request, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, "/_coffer/vaults");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(request, ManagementJsonContext.Default.VaultCreateRequest));
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.VaultInfo);
    }

    public async Task DeleteVaultAsync(string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, "/_coffer/vaults/" + Uri.EscapeDataString(name));
        await SendAsync(message, cancellationToken);
    }

    private HttpMessage Message(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_server, path));
        message.Request.Headers.SetValue("Accept", "application/json");
        return message;
    }

    private async Task SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }
    }

    private static T Read<T>(HttpMessage message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(message.Response.Content.ToMemory().Span, type)
            ?? throw new RequestFailedException(message.Response.Status, "The server answered with an empty body.");
}
