using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coffer.Bench.Keys;

/// <summary>
/// The sign floor: <c>POST /keys/{name}/{version}/sign</c> with Key Vault's request and answer shapes,
/// signing the digest with an RSA-2048 or P-256 key held in memory — HTTP, TLS, JSON and the signature
/// itself, and nothing else (no token check, no store, no unsealing, no key import).
/// </summary>
internal sealed class KeyFloor : IDisposable
{
    public const string RsaKeyName = "sign-rsa";
    public const string EcKeyName = "sign-ec";

    private readonly RSAParameters _rsaParameters;
    private readonly ECParameters _ecParameters;

    // One key object per thread: .NET does not promise that one RSA or ECDsa instance may sign on several threads at once.
    private readonly ThreadLocal<RSA> _rsa;
    private readonly ThreadLocal<ECDsa> _ec;

    public KeyFloor()
    {
        using (var rsa = RSA.Create(2048))
        {
            _rsaParameters = rsa.ExportParameters(true);
        }

        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            _ecParameters = ec.ExportParameters(true);
        }

        _rsa = new ThreadLocal<RSA>(() => RSA.Create(_rsaParameters), trackAllValues: true);
        _ec = new ThreadLocal<ECDsa>(() => ECDsa.Create(_ecParameters), trackAllValues: true);
    }

    /// <summary>The floor's own RSA-2048 key on this thread, for the step costs.</summary>
    public RSA Rsa => _rsa.Value!;

    public ECDsa Ec => _ec.Value!;

    public void Map(WebApplication app) =>
        app.MapPost("/keys/{name}/{version}/sign", async (string name, string version, HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync(KeyJsonContext.Default.SignRequest, request.HttpContext.RequestAborted);
            if (body?.Value is null)
            {
                return Results.BadRequest();
            }

            var digest = Base64Url.DecodeFromChars(body.Value);
            byte[] signature;
            switch (name, body.Alg)
            {
                case (RsaKeyName, "RS256"):
                    signature = Rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    break;
                case (EcKeyName, "ES256"):
                    signature = Ec.SignHash(digest);
                    break;
                default:
                    return Results.BadRequest();
            }

            return TypedResults.Json(new SignResult($"https://{request.Host}/keys/{name}/{version}", Base64Url.EncodeToString(signature)),
                KeyJsonContext.Default.SignResult);
        });

    public void Dispose()
    {
        foreach (var key in _rsa.Values)
        {
            key.Dispose();
        }

        foreach (var key in _ec.Values)
        {
            key.Dispose();
        }

        _rsa.Dispose();
        _ec.Dispose();
    }
}
