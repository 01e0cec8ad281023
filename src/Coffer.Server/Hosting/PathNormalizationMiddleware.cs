using System.Text.RegularExpressions;

namespace Coffer.Server.Hosting;

/// <summary>
/// Collapses repeated slashes: clients that build <c>/keys/{name}/{version}/sign</c> with an empty
/// version send <c>/keys/k1//sign</c>, which Key Vault treats as the latest version.
/// </summary>
internal sealed partial class PathNormalizationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.Contains("//", StringComparison.Ordinal))
        {
            context.Request.Path = new PathString(RepeatedSlashes().Replace(path, "/"));
        }

        return next(context);
    }

    [GeneratedRegex("/{2,}")]
    private static partial Regex RepeatedSlashes();
}
