using System.Text;
using Coffer.Core.Backup.Archive;
using Coffer.Core.Management;
using Coffer.Server.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Portal.Tests;

/// <summary>The restore page leaves the server part by part: the browser has each object's row while later ones still restore.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalRestoreStreamTests(PortalServer server)
{
    [Fact]
    public async Task ObjectDone_EachRow_FlushedBeforeTheRestoreEnds()
    {
        var services = server.Server.App.Services;
        var vault = (await services.GetRequiredService<VaultManagement>().GetAsync(server.Source, default))!;
        using var scope = services.CreateScope();
        var body = new FlushedStream();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("localhost");
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        var page = new PortalRestoreStream(context, vault);

        await page.CheckedAsync(2, default);
        Assert.Contains("2 objects to restore", body.Flushed, StringComparison.Ordinal);
        Assert.DoesNotContain("</html>", body.Flushed, StringComparison.Ordinal);

        await page.ObjectDoneAsync(1, new RestoredObject("secret", "a<b", 3), null, null, default);
        Assert.Contains("<tr><td>1 of 2</td><td>secret</td><td>a&lt;b</td><td>Restored (3 versions)</td></tr>", body.Flushed, StringComparison.Ordinal);
        Assert.DoesNotContain("</html>", body.Flushed, StringComparison.Ordinal);

        await page.ObjectDoneAsync(2, null, new SkippedObject("key", "k", "deleted"), null, default);
        Assert.Contains("<td>2 of 2</td><td>key</td><td>k</td><td>Skipped: soft-deleted in this vault</td>", body.Flushed, StringComparison.Ordinal);

        await page.CompleteAsync(new VaultRestoreReport([new RestoredObject("secret", "a<b", 3)], [new SkippedObject("key", "k", "deleted")], []), default);
        Assert.Contains("Done: 1 restored, 1 skipped, 0 failed.", body.Flushed, StringComparison.Ordinal);
        Assert.EndsWith("</html>", body.Flushed.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", context.Response.ContentType);
    }

    /// <summary>What a client would have received: the bytes written up to the last flush.</summary>
    private sealed class FlushedStream : MemoryStream
    {
        public string Flushed { get; private set; } = string.Empty;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushed = Encoding.UTF8.GetString(ToArray());
            return Task.CompletedTask;
        }
    }
}
