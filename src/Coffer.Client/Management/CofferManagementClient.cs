using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Coffer.Core.Backup.SecurityDomain;

namespace Coffer.Client.Management;

/// <summary>Coffer's management API (vaults, clients, access policies, role assignments) on an Azure.Core pipeline: bearer tokens, retries, RequestFailedException.</summary>
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

    public async Task<VaultInfo> GetVaultAsync(string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, VaultPath(name));
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.VaultInfo);
    }

    /// <summary>Switches the vault between access policies (false) and RBAC (true).</summary>
    public async Task<VaultInfo> UpdateVaultAsync(string name, bool enableRbacAuthorization, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Patch, VaultPath(name));
        Json(message, new VaultUpdateRequest(enableRbacAuthorization), ManagementJsonContext.Default.VaultUpdateRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.VaultInfo);
    }

    /// <summary><paramref name="kind"/>: add, replace or remove. Returns the vault's policies after the change.</summary>
    public async Task<IReadOnlyList<AccessPolicyInfo>> UpdateAccessPoliciesAsync(string vault, string kind, IReadOnlyList<AccessPolicyInfo> policies, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Put, $"{VaultPath(vault)}/accessPolicies/{Uri.EscapeDataString(kind)}");
        Json(message, new AccessPolicyUpdateRequest(new AccessPolicyUpdateProperties(policies)), ManagementJsonContext.Default.AccessPolicyUpdateRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.AccessPolicyUpdateRequest).Properties.AccessPolicies;
    }

    public async Task<ClientInfo> CreateClientAsync(string name, bool admin, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, "/_coffer/clients");
        Json(message, new ClientCreateRequest(name, admin ? true : null), ManagementJsonContext.Default.ClientCreateRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.ClientInfo);
    }

    public async Task<IReadOnlyList<ClientInfo>> ListClientsAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, "/_coffer/clients");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.ClientListResponse).Value;
    }

    public async Task DeleteClientAsync(string clientId, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, "/_coffer/clients/" + Uri.EscapeDataString(clientId));
        await SendAsync(message, cancellationToken);
    }

    /// <summary>A user who signs in to the portal; a null <paramref name="password"/> has the server make one (answered once).</summary>
    public async Task<UserInfo> CreateUserAsync(string userName, string? displayName, string? password, bool admin, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, "/_coffer/users");
        Json(message, new UserCreateRequest(userName, displayName, password, admin ? true : null), ManagementJsonContext.Default.UserCreateRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.UserInfo);
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, "/_coffer/users");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.UserListResponse).Value;
    }

    public async Task DeleteUserAsync(string userName, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, "/_coffer/users/" + Uri.EscapeDataString(userName));
        await SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// <paramref name="role"/>: a role name, GUID or ARM id; <paramref name="principal"/>: an object id or a Coffer client id, or with
    /// <paramref name="principalIssuer"/> the object id of that external issuer's principal.
    /// </summary>
    public async Task<RoleAssignmentInfo> CreateRoleAssignmentAsync(string vault, string role, string principal, CancellationToken cancellationToken,
        string? principalIssuer = null)
    {
        using var message = Message(RequestMethod.Put, $"{VaultPath(vault)}/roleAssignments/{Guid.NewGuid()}");
        Json(message, new RoleAssignmentRequest(role, principal, principalIssuer), ManagementJsonContext.Default.RoleAssignmentRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.RoleAssignmentInfo);
    }

    public async Task<IReadOnlyList<RoleAssignmentInfo>> ListRoleAssignmentsAsync(string vault, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"{VaultPath(vault)}/roleAssignments");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.RoleAssignmentListResponse).Value;
    }

    public async Task DeleteRoleAssignmentAsync(string vault, string id, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, $"{VaultPath(vault)}/roleAssignments/{Uri.EscapeDataString(id)}");
        await SendAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<RoleDefinitionInfo>> ListRoleDefinitionsAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, "/_coffer/roleDefinitions");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.RoleDefinitionListResponse).Value;
    }

    /// <summary>The security domain document, as the server wrote it, encrypted to <paramref name="certificatesDer"/> with <paramref name="quorum"/>.</summary>
    public async Task<byte[]> DownloadSecurityDomainAsync(IReadOnlyList<byte[]> certificatesDer, int quorum, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, SecurityDomainPath + "/download");
        Json(message, new SecurityDomainDownloadRequest(certificatesDer.Select(Convert.ToBase64String).ToList(), quorum),
            ManagementJsonContext.Default.SecurityDomainDownloadRequest);
        await SendAsync(message, cancellationToken);
        return message.Response.Content.ToArray();
    }

    /// <summary>The security domain document, encrypted under a key Argon2id derives from <paramref name="passphrase"/> (one secret: weaker than a quorum).</summary>
    public async Task<byte[]> DownloadSecurityDomainAsync(string passphrase, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, SecurityDomainPath + "/download");
        Json(message, new SecurityDomainDownloadRequest(null, null, passphrase), ManagementJsonContext.Default.SecurityDomainDownloadRequest);
        await SendAsync(message, cancellationToken);
        return message.Response.Content.ToArray();
    }

    /// <summary>Uploads a document with the shares operators recovered from it (<see cref="Coffer.Core.Backup.SecurityDomain.SecurityDomainFormat.WriteUpload"/>).</summary>
    public async Task<SecurityDomainImport> UploadSecurityDomainAsync(byte[] upload, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, SecurityDomainPath + "/upload");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(upload);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.SecurityDomainImport);
    }

    public async Task<SecurityDomainStatus> GetSecurityDomainStatusAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, SecurityDomainPath + "/status");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.SecurityDomainStatus);
    }

    /// <summary>Makes (or finds) the backup protection key of a (subscription, geography).</summary>
    public async Task<ProtectionKeyListing> CreateProtectionKeyAsync(string subscriptionId, string geography, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Post, SecurityDomainPath + "/protectionkeys");
        Json(message, new ProtectionKeyCreateRequest(subscriptionId, geography), ManagementJsonContext.Default.ProtectionKeyCreateRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.ProtectionKeyListing);
    }

    /// <summary>
    /// <c>POST /_coffer/backup/reseal</c>: <paramref name="input"/> (a backup blob's bytes or a vault archive) sealed for another
    /// (subscription, geography), streamed into <paramref name="output"/> once the server has checked all of it.
    /// </summary>
    public async Task ResealAsync(Stream input, string toSubscription, string toGeography, bool adminOverride, Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var message = Message(RequestMethod.Post, "/_coffer/backup/reseal");
        message.Request.Uri.AppendQuery("toSubscription", toSubscription);
        message.Request.Uri.AppendQuery("toGeography", toGeography);
        if (adminOverride)
        {
            message.Request.Uri.AppendQuery("adminOverride", "true");
        }

        message.Request.Headers.SetValue("Accept", "application/octet-stream, application/vnd.coffer.vault-archive, application/json");
        message.Request.Headers.SetValue("Content-Type", "application/octet-stream");
        message.Request.Content = RequestContent.Create(input);
        message.BufferResponse = false;
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.IsError)
        {
            if (message.Response.ContentStream is { } error)
            {
                var buffered = new MemoryStream();
                await error.CopyToAsync(buffered, cancellationToken);
                buffered.Position = 0;
                message.Response.ContentStream = buffered;
            }

            throw new RequestFailedException(message.Response);
        }

        await using var body = message.Response.ContentStream ?? Stream.Null;
        await body.CopyToAsync(output, 64 * 1024, cancellationToken);
    }

    private const string SecurityDomainPath = "/_coffer/securitydomain";

    /// <summary>Sets (or replaces) the vault's backup schedule.</summary>
    public async Task<BackupScheduleInfo> SetBackupScheduleAsync(string vault, BackupScheduleRequest schedule, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Put, $"{VaultPath(vault)}/backupSchedule");
        Json(message, schedule, ManagementJsonContext.Default.BackupScheduleRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.BackupScheduleInfo);
    }

    public async Task<BackupScheduleInfo> GetBackupScheduleAsync(string vault, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"{VaultPath(vault)}/backupSchedule");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.BackupScheduleInfo);
    }

    public async Task DeleteBackupScheduleAsync(string vault, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, $"{VaultPath(vault)}/backupSchedule");
        await SendAsync(message, cancellationToken);
    }

    /// <summary>The vault's scheduled backup runs, newest first.</summary>
    public async Task<IReadOnlyList<BackupRunInfo>> ListBackupRunsAsync(string vault, int? top, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"{VaultPath(vault)}/backupRuns" + (top is { } n ? $"?top={n}" : string.Empty));
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.BackupRunListResponse).Value;
    }

    /// <summary>Creates or replaces one of the vault's event subscriptions.</summary>
    public async Task<EventSubscriptionInfo> SetEventSubscriptionAsync(string vault, string name, EventSubscriptionRequest subscription, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Put, EventSubscriptionPath(vault, name));
        Json(message, subscription, ManagementJsonContext.Default.EventSubscriptionRequest);
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.EventSubscriptionInfo);
    }

    public async Task<EventSubscriptionInfo> GetEventSubscriptionAsync(string vault, string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, EventSubscriptionPath(vault, name));
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.EventSubscriptionInfo);
    }

    public async Task<IReadOnlyList<EventSubscriptionInfo>> ListEventSubscriptionsAsync(string vault, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"{VaultPath(vault)}/eventSubscriptions");
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.EventSubscriptionListResponse).Value;
    }

    public async Task DeleteEventSubscriptionAsync(string vault, string name, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Delete, EventSubscriptionPath(vault, name));
        await SendAsync(message, cancellationToken);
    }

    /// <summary>The subscription's deliveries, newest first.</summary>
    public async Task<IReadOnlyList<EventDeliveryInfo>> ListEventDeliveriesAsync(string vault, string name, int? top, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, EventSubscriptionPath(vault, name) + "/deliveries" + (top is { } n ? $"?top={n}" : string.Empty));
        await SendAsync(message, cancellationToken);
        return Read(message, ManagementJsonContext.Default.EventDeliveryListResponse).Value;
    }

    private static string EventSubscriptionPath(string vault, string name) => $"{VaultPath(vault)}/eventSubscriptions/{Uri.EscapeDataString(name)}";

    private static string VaultPath(string name) => "/_coffer/vaults/" + Uri.EscapeDataString(name);

    private static void Json<T>(HttpMessage message, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, type));
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
