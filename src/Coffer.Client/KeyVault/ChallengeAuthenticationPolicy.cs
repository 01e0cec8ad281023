using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Coffer.Client.KeyVault;

/// <summary>
/// Key Vault's challenge-based bearer authentication, as the SDKs do it: the first request to a host goes
/// out without token or body; the 401's <c>WWW-Authenticate</c> names the resource (or scope) and the
/// authority (whose first path segment is the tenant); the vault host must end with the resource's
/// domain; then a token for <c>{resource}/.default</c> in that tenant authorizes the resent request.
/// What a host asked for is remembered per host (scheme-less authority), so later clients skip the round trip.
/// </summary>
internal sealed class ChallengeAuthenticationPolicy(TokenCredential credential) : BearerTokenAuthenticationPolicy(credential, [])
{
    private const string StashedContent = "Coffer.ChallengeAuthenticationPolicy.Content";
    private static readonly ConcurrentDictionary<string, Challenge> Challenges = new(StringComparer.OrdinalIgnoreCase);

    protected override ValueTask AuthorizeRequestAsync(HttpMessage message)
    {
        if (Challenges.TryGetValue(Authority(message), out var challenge))
        {
            return AuthenticateAndAuthorizeRequestAsync(message, challenge.Context(message));
        }

        Stash(message);
        return ValueTask.CompletedTask;
    }

    protected override void AuthorizeRequest(HttpMessage message)
    {
        if (Challenges.TryGetValue(Authority(message), out var challenge))
        {
            AuthenticateAndAuthorizeRequest(message, challenge.Context(message));
            return;
        }

        Stash(message);
    }

    protected override async ValueTask<bool> AuthorizeRequestOnChallengeAsync(HttpMessage message)
    {
        if (!Accept(message, out var challenge))
        {
            return false;
        }

        await AuthenticateAndAuthorizeRequestAsync(message, challenge.Context(message));
        return true;
    }

    protected override bool AuthorizeRequestOnChallenge(HttpMessage message)
    {
        if (!Accept(message, out var challenge))
        {
            return false;
        }

        AuthenticateAndAuthorizeRequest(message, challenge.Context(message));
        return true;
    }

    /// <summary>Reads and checks the challenge, puts the body back and remembers the challenge for the host.</summary>
    private static bool Accept(HttpMessage message, out Challenge challenge)
    {
        challenge = null!;
        if (!message.Response.Headers.TryGetValue("WWW-Authenticate", out var header) || Challenge.Parse(header) is not { } parsed)
        {
            return false;
        }

        var host = message.Request.Uri.Host ?? "";
        if (!Uri.TryCreate(parsed.Scope, UriKind.Absolute, out var resource)
            || !host.EndsWith("." + resource.Host, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChallengeMismatchException(
                $"The challenge resource '{parsed.Scope}' does not match the vault host '{host}': the vault host must end with the resource's domain, or the endpoint is not the vault it claims to be.");
        }

        if (message.TryGetProperty(StashedContent, out var content) && content is RequestContent body)
        {
            message.Request.Content = body;
        }

        Challenges[Authority(message)] = parsed;
        challenge = parsed;
        return true;
    }

    private static void Stash(HttpMessage message)
    {
        if (message.Request.Content is { } content)
        {
            message.SetProperty(StashedContent, content);
            message.Request.Content = null;
        }
    }

    private static string Authority(HttpMessage message) => message.Request.Uri.Host + ":" + message.Request.Uri.Port;

    private sealed record Challenge(string Scope, string? TenantId)
    {
        public TokenRequestContext Context(HttpMessage message) =>
            new([Scope], parentRequestId: message.Request.ClientRequestId, tenantId: TenantId);

        /// <summary><c>Bearer authorization="https://login/{tenant}", resource="https://vault.azure.net"</c> (or <c>scope=</c>, or <c>authorization_uri=</c>).</summary>
        public static Challenge? Parse(string header)
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var parameters = header[7..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0].Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => group.First()[1].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase);
            var scope = parameters.TryGetValue("scope", out var s) && s.Length > 0 ? s
                : parameters.TryGetValue("resource", out var r) && r.Length > 0 ? r.TrimEnd('/') + "/.default"
                : null;
            if (scope is null)
            {
                return null;
            }

            var authority = parameters.GetValueOrDefault("authorization") ?? parameters.GetValueOrDefault("authorization_uri");
            var tenant = Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Segments.Length > 1 ? uri.Segments[1].Trim('/') : null;
            return new Challenge(scope, string.IsNullOrEmpty(tenant) ? null : tenant);
        }
    }
}
