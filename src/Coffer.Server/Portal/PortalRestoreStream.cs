using System.Globalization;
using System.Text.Encodings.Web;
using Coffer.Core.Backup.Archive;
using Coffer.Core.Vaults;
using Coffer.Server.Portal.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's whole-vault restore page, written while the restore runs: nothing until the archive passed its checks (so
/// a refusal is still an error page with its status), then the page up to its table, a row flushed per object, and the
/// summary. The browser renders each part as it arrives: progress for a big vault without a script.
/// </summary>
internal sealed class PortalRestoreStream(HttpContext context, Vault vault) : IVaultRestoreProgress
{
    public const string RowsMark = "<!--rows-->";
    public const string SummaryMark = "<!--summary-->";

    private string _afterRows = string.Empty;
    private string _afterSummary = string.Empty;
    private int _objects;

    public async ValueTask CheckedAsync(int objects, CancellationToken cancellationToken)
    {
        _objects = objects;
        var page = await RenderAsync(objects);
        var rows = page.IndexOf(RowsMark, StringComparison.Ordinal);
        var summary = page.IndexOf(SummaryMark, StringComparison.Ordinal);
        _afterRows = page[(rows + RowsMark.Length)..summary];
        _afterSummary = page[(summary + SummaryMark.Length)..];
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/html; charset=utf-8";
        await WriteAsync(page[..rows], cancellationToken);
    }

    public ValueTask ObjectDoneAsync(int done, RestoredObject? restored, SkippedObject? skipped, FailedObject? failed, CancellationToken cancellationToken)
    {
        var (kind, name, result) = (restored, skipped, failed) switch
        {
            ({ } r, _, _) => (r.Kind, r.Name, $"Restored ({r.Versions} {(r.Versions == 1 ? "version" : "versions")})"),
            (_, { } s, _) => (s.Kind, s.Name, "Skipped: " + (s.Reason == "deleted" ? "soft-deleted in this vault" : "already in this vault")),
            (_, _, { } f) => (f.Kind, f.Name, $"Failed: {f.Code}: {f.Message}"),
            _ => throw new ArgumentException("An object's outcome is required."),
        };
        var html = HtmlEncoder.Default;
        return WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{done} of {_objects}</td><td>{html.Encode(kind)}</td><td>{html.Encode(name)}</td><td>{html.Encode(result)}</td></tr>\n"), cancellationToken);
    }

    /// <summary>Closes the table, then the summary and the rest of the page.</summary>
    public async Task CompleteAsync(VaultRestoreReport report, CancellationToken cancellationToken)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"notice {(report.Failed.Count == 0 ? "success" : "error")}\" role=\"status\"><p>Done: {report.Restored.Count} restored, "
            + $"{report.Skipped.Count} skipped, {report.Failed.Count} failed.</p></div>");
        await WriteAsync(_afterRows + summary + _afterSummary, cancellationToken);
    }

    private async Task<string> RenderAsync(int objects)
    {
        await using var renderer = new HtmlRenderer(context.RequestServices, context.RequestServices.GetRequiredService<ILoggerFactory>());
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            ["View"] = PortalView.For(context),
            ["Vault"] = vault,
            ["Objects"] = objects,
        });
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<RestoreProgressPage>(parameters)).ToHtmlString());
    }

    private async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        await context.Response.BodyWriter.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);
    }
}
