using Coffer.Core.Auth;

namespace Coffer.Server.Auth;

/// <summary>Body of <c>POST /_coffer/clients</c>.</summary>
public sealed record ClientCreateParameters(string? Name, bool? Admin);

/// <summary>A client as the management API shows it; <see cref="Secret"/> only in the answer to its creation.</summary>
public sealed record ClientDescription(string ClientId, string ObjectId, string TenantId, string DisplayName, bool IsAdmin, long CreatedOn, string? Secret = null)
{
    public static ClientDescription From(ClientRegistration client, string? secret = null) =>
        new(client.ClientId, client.ObjectId, client.TenantId, client.DisplayName, client.IsAdmin, client.CreatedOn.ToUnixTimeSeconds(), secret);
}

public sealed record ClientList(IReadOnlyList<ClientDescription> Value);
