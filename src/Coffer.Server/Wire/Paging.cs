using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Server.Vaults;

namespace Coffer.Server.Wire;

/// <summary>Key Vault paging: <c>maxresults</c> 1-25 in, an opaque <c>$skiptoken</c> in the <c>nextLink</c> out.</summary>
internal static class Paging
{
    public const int MaxResults = 25;

    public static PageRequest Read(HttpRequest request)
    {
        var max = MaxResults;
        var text = request.Query["maxresults"].ToString();
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxResults))
        {
            throw KeyVaultErrors.BadParameter($"Invalid maxresults '{text}': it must be an integer from 1 to {MaxResults}.");
        }

        var token = request.Query["$skiptoken"].ToString();
        return new PageRequest(max, token.Length == 0 ? null : DecodeToken(token));
    }

    public static ListResult<TOut> ToList<TIn, TOut>(HttpRequest request, RequestVault vault, Page<TIn> page, Func<TIn, TOut> map)
    {
        string? nextLink = null;
        if (page.Next is not null)
        {
            var max = Read(request).MaxResults;
            // Other query members (includePending) must reach the following pages too.
            var carried = string.Concat(request.Query
                .Where(q => q.Key is not ("api-version" or "$skiptoken" or "maxresults"))
                .Select(q => $"&{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
            nextLink = $"{vault.BaseUrl}{request.Path}?api-version={Uri.EscapeDataString(vault.ApiVersion)}" +
                $"&$skiptoken={Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.Next))}&maxresults={max}{carried}";
        }

        return new ListResult<TOut>(page.Items.Select(map).ToList(), nextLink);
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw KeyVaultErrors.BadParameter("The $skiptoken is not valid.");
        }
    }
}
