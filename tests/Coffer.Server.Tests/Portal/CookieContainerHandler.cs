using System.Net;

namespace Coffer.Server.Tests.Portal;

/// <summary>Keeps cookies across requests, as a browser would (TestServer's handler has no cookie container of its own).</summary>
internal sealed class CookieContainerHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public CookieContainer Cookies { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = Cookies.GetCookieHeader(request.RequestUri!);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                Cookies.SetCookies(request.RequestUri!, cookie);
            }
        }

        return response;
    }
}
