using System.Buffers;
using System.Buffers.Text;

namespace Coffer.Server.Backup;

/// <summary>
/// A backup's answer, <c>{"value": base64url}</c>, written straight into the response as UTF-8 with its
/// length: base64url needs no JSON escaping, and going through a string and the serializer copied a
/// blob four times (a 10 000-version blob is megabytes; an RSA key's, 8 KB).
/// </summary>
internal sealed class BackupBlobResult(byte[] blob) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly byte[] Prefix = "{\"value\":\""u8.ToArray();
    private static readonly byte[] Suffix = "\"}"u8.ToArray();

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var encodedLength = Base64Url.GetEncodedLength(blob.Length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = Prefix.Length + encodedLength + Suffix.Length;
        var writer = response.BodyWriter;
        writer.Write(Prefix);
        // In slices, so a long history's blob does not ask the pipe for one huge buffer.
        const int SliceBytes = 48 * 1024; // a multiple of 3: no padding inside
        for (var offset = 0; offset < blob.Length; offset += SliceBytes)
        {
            var slice = blob.AsSpan(offset, Math.Min(SliceBytes, blob.Length - offset));
            var span = writer.GetSpan(Base64Url.GetEncodedLength(slice.Length));
            writer.Advance(Base64Url.EncodeToUtf8(slice, span));
            if (writer.UnflushedBytes > 256 * 1024)
            {
                await writer.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.Write(Suffix);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
