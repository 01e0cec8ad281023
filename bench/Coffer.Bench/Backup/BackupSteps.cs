using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coffer.Bench.Load;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.Backup;

/// <summary>
/// Backup and restore taken apart: each step Coffer's request does (token, store, unseal, protection
/// key, JWE, re-seal, insert), alone on one thread, beside the floor's whole work for the same request.
/// </summary>
internal sealed class BackupSteps
{
    public const string InsertVault = "steps-insert";
    public const string RestoreVault = "steps-restore";
    private const int MaxCalls = 20_000;

    private readonly InProcessCoffer _coffer;
    private readonly BackupFloor _floor;
    private readonly string _token;
    private readonly IObjectStore _store;
    private readonly EnvelopeSealer _sealer;
    private readonly BackupProtectionKeyring _keyring;
    private readonly BackupService _backups;
    private readonly ValidatedTokenCache _tokens;

    public BackupSteps(InProcessCoffer coffer, BackupFloor floor, string token)
    {
        _coffer = coffer;
        _floor = floor;
        _token = token;
        var services = coffer.Services;
        _store = services.GetRequiredService<IObjectStore>();
        _sealer = services.GetRequiredService<EnvelopeSealer>();
        _keyring = services.GetRequiredService<BackupProtectionKeyring>();
        _backups = services.GetRequiredService<BackupService>();
        _tokens = services.GetRequiredService<ValidatedTokenCache>();
    }

    public Task<StepCost> TokenAsync(CancellationToken cancellationToken) =>
        StepCost.MeasureAsync("token check (validated once, then cached)", MaxCalls, async _ => await _tokens.ValidateAsync(_token), cancellationToken);

    /// <summary>The steps of <c>BackupService.BackupAsync</c> for object <paramref name="name"/>, then the whole, then the floor's work for its blob.</summary>
    public async Task<IReadOnlyList<StepCost>> BackupAsync(ObjectKind kind, string name, byte[] floorBlob, CancellationToken cancellationToken)
    {
        var vault = await VaultAsync(_coffer.Deployment.DefaultVaultName, cancellationToken);
        var obj = new ObjectRef(vault.Name, kind, name);
        var stored = (await _store.ReadObjectsAsync([obj], cancellationToken))[0] ?? throw new InvalidOperationException($"{name} is missing.");
        var versions = stored.Versions.Count;
        var key = await _keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        var content = Plain(obj, stored);
        var blob = BackupBlob.Seal(content, key, DateTimeOffset.UtcNow);
        var jwe = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var json = Jose.JWT.DecodeBytes(jwe, key.Key); // the JWE's payload: the backup's JSON before DEFLATE
        var payload = _floor.Open(floorBlob);
        var label = $"{kind.Collection()} backup";
        var deflates = json.Length >= BackupBlob.DeflateFromBytes; // smaller payloads go undeflated
        return
        [
            await StepCost.MeasureAsync($"{label}: store read, {versions} versions (SQLite)", MaxCalls,
                async _ => await _store.ReadObjectsAsync([obj], cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: unseal {versions} versions (AES-GCM)", MaxCalls, _ => Plain(obj, stored), cancellationToken),
            await StepCost.MeasureAsync($"{label}: protection key (2 reads, unseal)", MaxCalls,
                async _ => await _keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: JWE seal (JSON, {(deflates ? "DEFLATE, " : "")}A256GCMKW+GCM)", MaxCalls,
                _ => BackupBlob.Seal(content, key, DateTimeOffset.UtcNow), cancellationToken),
            await StepCost.MeasureAsync($"{label}: {OfWhich}A256GCMKW key wrap", MaxCalls, _ => KeyWrap.WrapNewKey(256, key.Key, new Dictionary<string, object>()), cancellationToken),
            .. deflates ? [await StepCost.MeasureAsync($"{label}: {OfWhich}DEFLATE of the {json.Length} B JSON", MaxCalls, _ => Deflate(json), cancellationToken)] : Array.Empty<StepCost>(),
            await StepCost.MeasureAsync($"{label}: base64url and JSON of the answer", MaxCalls, _ => Answer(blob), cancellationToken),
            await StepCost.MeasureAsync($"{label}: BackupService.BackupAsync (no token, HTTP)", MaxCalls,
                async _ => await _backups.BackupAsync(vault, kind, name, cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: floor's AES-GCM seal, base64url, JSON", MaxCalls, _ => Answer(_floor.Seal(payload)), cancellationToken),
        ];
    }

    /// <summary>
    /// The steps of <c>BackupService.RestoreAsync</c> for blob <paramref name="sample"/>, then the whole for every blob in
    /// turn, then the floor's work for the same sample.
    /// </summary>
    public async Task<IReadOnlyList<StepCost>> RestoreAsync(ObjectKind kind, byte[][] blobs, int sample, byte[] floorBlob, CancellationToken cancellationToken)
    {
        var blob = blobs[sample];
        var insertVault = await VaultAsync(InsertVault, cancellationToken);
        var restoreVault = await VaultAsync(RestoreVault, cancellationToken);
        var body = Answer(blob);
        var floorBody = Answer(floorBlob);
        var (header, content) = await BackupBlob.OpenAsync(blob, kind, _keyring.FindAsync, cancellationToken);
        var key = await _keyring.FindAsync(header.KeyId, cancellationToken) ?? throw new InvalidOperationException("The protection key is missing.");
        var jwe = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var json = Jose.JWT.DecodeBytes(jwe, key.Key);
        var inflates = json.Length >= BackupBlob.DeflateFromBytes; // smaller payloads go undeflated
        var deflated = inflates ? Deflate(json) : [];
        var wrapHeader = new Dictionary<string, object>();
        var wrapped = KeyWrap.WrapNewKey(256, key.Key, wrapHeader)[1];
        var versions = content.Versions.Count;
        var label = $"{kind.Collection()} restore";
        var otherRef = new ObjectRef(insertVault.Name, kind, content.Name);
        return
        [
            await StepCost.MeasureAsync($"{label}: JSON and base64url of the body", MaxCalls, _ => Body(body), cancellationToken),
            await StepCost.MeasureAsync($"{label}: protection key by id (read, unseal)", MaxCalls,
                async _ => await _keyring.FindAsync(header.KeyId, cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: JWE open (with the key lookup)", MaxCalls,
                async _ => await BackupBlob.OpenAsync(blob, kind, _keyring.FindAsync, cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: {OfWhich}A256GCMKW key unwrap", MaxCalls, _ => KeyWrap.Unwrap(wrapped, key.Key, 256, wrapHeader), cancellationToken),
            .. inflates ? [await StepCost.MeasureAsync($"{label}: {OfWhich}INFLATE to the JSON", MaxCalls, _ => Inflate(deflated), cancellationToken)] : Array.Empty<StepCost>(),
            await StepCost.MeasureAsync($"{label}: re-seal {versions} versions (AES-GCM)", MaxCalls, _ => Sealed(otherRef, content), cancellationToken),
            await StepCost.MeasureAsync($"{label}: store insert, {versions} versions (SQLite)", blobs.Length, async i =>
                await _store.InsertObjectsAsync([Sealed(otherRef with { Name = $"x-{i}" }, content)], cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: BackupService.RestoreAsync (no token, HTTP)", blobs.Length,
                async i => await _backups.RestoreAsync(restoreVault, kind, blobs[i], cancellationToken), cancellationToken),
            await StepCost.MeasureAsync($"{label}: floor's JSON, base64url, AES-GCM open", MaxCalls, _ => _floor.Open(Body(floorBody)), cancellationToken),
        ];
    }

    /// <summary>Marks a step that is part of the one before it, so it is not counted twice.</summary>
    public const string OfWhich = "  of which ";

    private static readonly Coffer.Core.Backup.GcmKeyWrap KeyWrap = new();

    /// <summary>What BackupBlob's DEF compression does (FastDeflate): a DeflateStream at the fastest level.</summary>
    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Inflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var inflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress))
        {
            inflate.CopyTo(output);
        }

        return output.ToArray();
    }

    private static byte[] Answer(byte[] blob) =>
        JsonSerializer.SerializeToUtf8Bytes(new BackupValue(Base64Url.EncodeToString(blob)), BackupJsonContext.Default.BackupValue);

    private static byte[] Body(byte[] body) =>
        Base64Url.DecodeFromChars(JsonSerializer.Deserialize(body, BackupJsonContext.Default.BackupValue)!.Value);

    private async Task<Vault> VaultAsync(string name, CancellationToken cancellationToken) =>
        await _coffer.Services.GetRequiredService<IVaultStore>().GetAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"Vault {name} is missing.");

    /// <summary>What BackupService does to each stored version before sealing the blob.</summary>
    private BackupContent Plain(ObjectRef obj, VaultObject stored) => new(obj.Kind, stored.Name, stored.Policy,
        [.. stored.Versions.Select(v => new PlainVersion(v with { SealedMaterial = [] }, _sealer.Open(v.SealedMaterial, obj, v.Version)))]);

    /// <summary>What BackupService does to each version of an opened blob before inserting it.</summary>
    private ObjectInsert Sealed(ObjectRef obj, BackupContent content) => new(obj,
        [.. content.Versions.Select(v => v.Version with { SealedMaterial = _sealer.Seal(v.Material, obj, v.Version.Version) })], content.Policy);
}
