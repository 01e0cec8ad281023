using System.Collections.Concurrent;
using Azure.Core;

namespace Coffer.Cli.Tests;

/// <summary>A credential that remembers every token it handed to a client, so a test can look for them where they must not be.</summary>
internal sealed class RecordingCredential(TokenCredential inner) : TokenCredential
{
    private readonly ConcurrentBag<string> _tokens = [];

    public IReadOnlyCollection<string> Tokens => _tokens;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        Record(inner.GetToken(requestContext, cancellationToken));

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        Record(await inner.GetTokenAsync(requestContext, cancellationToken));

    private AccessToken Record(AccessToken token)
    {
        _tokens.Add(token.Token);
        return token;
    }
}
