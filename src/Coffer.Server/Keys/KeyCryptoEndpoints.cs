using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Keys;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Keys;

/// <summary>Key Vault's cryptographic operations on a key version, and <c>POST /rng</c>.</summary>
internal static class KeyCryptoEndpoints
{
    public static void MapKeyCrypto(this IEndpointRouteBuilder routes)
    {
        // Every operation here changes nothing and hands out what it computed.
        var keys = routes.MapGroup("/keys/{name}").WithMetadata(DataPlaneEndpoint.Instance).AuditedOnRelease();
        foreach (var prefix in new[] { "/{version}", string.Empty })
        {
            keys.MapPost(prefix + "/encrypt", EncryptAsync).Requires("keys", "encrypt");
            keys.MapPost(prefix + "/decrypt", DecryptAsync).Requires("keys", "decrypt");
            keys.MapPost(prefix + "/wrapkey", WrapKeyAsync).Requires("keys", "wrapKey");
            keys.MapPost(prefix + "/unwrapkey", UnwrapKeyAsync).Requires("keys", "unwrapKey");
            keys.MapPost(prefix + "/sign", SignAsync).Requires("keys", "sign");
            keys.MapPost(prefix + "/verify", VerifyAsync).Requires("keys", "verify");
            keys.MapPost(prefix + "/release", Release).Requires("keys", "release");
        }

        // Random bytes touch no object: any principal the vault grants something may ask.
        routes.MapPost("/rng", RandomBytesAsync).WithMetadata(DataPlaneEndpoint.Instance).Requires(PermissionRequirement.AnyVaultAccess).AuditedOnRelease();
    }

    private static Task<IResult> EncryptAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys) =>
        CipherAsync(name, version, request, vault, keys, KeyOperations.Encrypt,
            (key, alg, input) => KeyCryptography.Encrypt(key, alg, input));

    private static Task<IResult> DecryptAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys) =>
        CipherAsync(name, version, request, vault, keys, KeyOperations.Decrypt,
            (key, alg, input) => new CipherResult(KeyCryptography.Decrypt(key, alg, input)));

    private static Task<IResult> WrapKeyAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys) =>
        CipherAsync(name, version, request, vault, keys, KeyOperations.WrapKey,
            (key, alg, input) => new CipherResult(KeyCryptography.WrapKey(key, alg, input.Value)));

    private static Task<IResult> UnwrapKeyAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys) =>
        CipherAsync(name, version, request, vault, keys, KeyOperations.UnwrapKey,
            (key, alg, input) => new CipherResult(KeyCryptography.UnwrapKey(key, alg, input.Value)));

    private static async Task<IResult> SignAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeySignParameters);
        var alg = Required(body.Alg, "alg");
        var digest = Required(body.Value, "value");
        var (key, signature) = await keys.OperateAsync(vault.Vault, name, version, KeyOperations.Sign,
            material => KeyCryptography.Sign(material, alg, digest), request.HttpContext.RequestAborted);
        return Result(new KeyOperationResult(KeyMapper.Kid(vault, key.Name, key.Version.Version), signature));
    }

    private static async Task<IResult> VerifyAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeyVerifyParameters);
        var alg = Required(body.Alg, "alg");
        var digest = Required(body.Digest, "digest");
        var signature = Required(body.Value, "value");
        var (_, valid) = await keys.OperateAsync(vault.Vault, name, version, KeyOperations.Verify,
            material => KeyCryptography.Verify(material, alg, digest, signature), request.HttpContext.RequestAborted);
        return TypedResults.Json(new KeyVerifyResult(valid), WireJsonContext.Default.KeyVerifyResult);
    }

    private static IResult Release(string name) =>
        throw KeyVaultErrors.BadParameter($"Key release needs an attestation service, which Coffer does not have; key {name} was not released.");

    private static async Task<IResult> RandomBytesAsync(HttpRequest request)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.RandomBytesRequest);
        var bytes = KeyService.RandomBytes(body.Count ?? throw KeyVaultErrors.BadParameter("count is required."));
        return TypedResults.Json(new RandomBytesResult(bytes), WireJsonContext.Default.RandomBytesResult);
    }

    private static async Task<IResult> CipherAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys,
        string operation, Func<ImportedKey, string, CipherInput, CipherResult> work)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeyOperationsParameters);
        var alg = Required(body.Alg, "alg");
        var input = new CipherInput(Required(body.Value, "value"), body.Iv, body.Tag, body.Aad);
        var (key, result) = await keys.OperateAsync(vault.Vault, name, version, operation,
            material => work(material, alg, input), request.HttpContext.RequestAborted);
        return Result(new KeyOperationResult(KeyMapper.Kid(vault, key.Name, key.Version.Version), result.Value, result.Iv, result.Tag, result.Aad));
    }

    private static IResult Result(KeyOperationResult result) => TypedResults.Json(result, WireJsonContext.Default.KeyOperationResult);

    private static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw KeyVaultErrors.BadParameter($"'{name}' is required.");
}
