using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coffer.Bench.Keys;

/// <summary>
/// The key operations floor: <c>POST /keys/{name}/{version}/{sign|verify|encrypt|decrypt|wrapkey|unwrapkey}</c> with
/// Key Vault's request and answer shapes, on an RSA-2048 or P-256 key held in memory — HTTP, TLS, JSON and the
/// operation itself, and nothing else (no token check, no store, no unsealing, no key import). Coffer imports the same
/// keys (<see cref="ImportRequest"/>), so ciphertexts and signatures made for one target are valid on the other.
/// </summary>
internal sealed class KeyFloor : IDisposable
{
    public const string RsaKeyName = "sign-rsa";
    public const string EcKeyName = "sign-ec";
    public const string RsaEncryption = "RSA-OAEP-256";

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

    /// <summary>The floor's own RSA-2048 key on this thread, for the step costs and for making ciphertexts.</summary>
    public RSA Rsa => _rsa.Value!;

    public ECDsa Ec => _ec.Value!;

    /// <summary>The body of <c>PUT /keys/{name}</c> that gives Coffer the floor's key.</summary>
    public KeyImportRequest ImportRequest(string name) => name == RsaKeyName
        ? new KeyImportRequest(new ImportedJwk("RSA", N: B64(_rsaParameters.Modulus), E: B64(_rsaParameters.Exponent), D: B64(_rsaParameters.D),
            P: B64(_rsaParameters.P), Q: B64(_rsaParameters.Q), DP: B64(_rsaParameters.DP), DQ: B64(_rsaParameters.DQ), QI: B64(_rsaParameters.InverseQ)))
        : new KeyImportRequest(new ImportedJwk("EC", Crv: "P-256", X: B64(_ecParameters.Q.X), Y: B64(_ecParameters.Q.Y), D: B64(_ecParameters.D)));

    public void Map(WebApplication app)
    {
        app.MapPost("/keys/{name}/{version}/verify", async (string name, string version, HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync(KeyJsonContext.Default.VerifyRequest, request.HttpContext.RequestAborted);
            if (body is null)
            {
                return Results.BadRequest();
            }

            var digest = Base64Url.DecodeFromChars(body.Digest);
            var signature = Base64Url.DecodeFromChars(body.Value);
            bool? valid = (name, body.Alg) switch
            {
                (RsaKeyName, "RS256") => Rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                (EcKeyName, "ES256") => Ec.VerifyHash(digest, signature),
                _ => null,
            };
            return valid is { } value ? TypedResults.Json(new VerifyResult(value), KeyJsonContext.Default.VerifyResult) : Results.BadRequest();
        });
        app.MapPost("/keys/{name}/{version}/{operation}", async (string name, string version, string operation, HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync(KeyJsonContext.Default.SignRequest, request.HttpContext.RequestAborted);
            if (body?.Value is null)
            {
                return Results.BadRequest();
            }

            var result = Operate(name, operation, body.Alg, Base64Url.DecodeFromChars(body.Value));
            return result is null
                ? Results.BadRequest()
                : TypedResults.Json(new SignResult($"https://{request.Host}/keys/{name}/{version}", Base64Url.EncodeToString(result)),
                    KeyJsonContext.Default.SignResult);
        });
    }

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

    private byte[]? Operate(string name, string operation, string alg, byte[] value) => (name, operation, alg) switch
    {
        (RsaKeyName, "sign", "RS256") => Rsa.SignHash(value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        (EcKeyName, "sign", "ES256") => Ec.SignHash(value),
        (RsaKeyName, "encrypt" or "wrapkey", RsaEncryption) => Rsa.Encrypt(value, RSAEncryptionPadding.OaepSHA256),
        (RsaKeyName, "decrypt" or "unwrapkey", RsaEncryption) => Rsa.Decrypt(value, RSAEncryptionPadding.OaepSHA256),
        _ => null,
    };

    private static string B64(byte[]? part) => Base64Url.EncodeToString(part);
}
