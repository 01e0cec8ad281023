using System.Security.Cryptography;
using System.Text.Json;
using Azure.Security.KeyVault.Secrets;
using Coffer.Bench.Keys;
using Coffer.Bench.Load;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.Backup;

/// <summary>
/// Fills Coffer's default vault for the backup phases: one secret of 3 versions set through SecretClient
/// and 8 RSA-2048 keys (every other one with a second version) created through the API, then copied to
/// N secrets and N keys straight into the store (each version re-sealed for its copy, as a restore
/// would), and a blob of each copy made by the app's <see cref="BackupService"/> for the restores.
/// </summary>
internal static class BackupSeeder
{
    private const int InsertBatch = 500;
    private static readonly byte[] RsaCreate = JsonSerializer.SerializeToUtf8Bytes(new KeyCreateRequest("RSA", 2048), KeyJsonContext.Default.KeyCreateRequest);

    public static async Task<BackupObjects> SeedAsync(
        InProcessCoffer coffer, SecretClient secrets, VaultHttpClients http, int objects, int valueBytes, CancellationToken cancellationToken)
    {
        var vaultName = coffer.Deployment.DefaultVaultName;
        for (var v = 0; v < BackupSettings.SecretVersions; v++)
        {
            await secrets.SetSecretAsync("template-secret", RandomValue(valueBytes), cancellationToken);
        }

        var keyTemplates = new List<string>();
        for (var k = 0; k < BackupSettings.KeyTemplates; k++)
        {
            var name = "template-key-" + k;
            keyTemplates.Add(name);
            for (var v = 0; v < 1 + (k % 2); v++)
            {
                using var _ = await http.PostAsync(0, VaultHttpClients.Url(coffer.DefaultVaultUrl, $"keys/{name}/create"), RsaCreate, cancellationToken);
            }
        }

        var services = coffer.Services;
        var store = services.GetRequiredService<IObjectStore>();
        var sealer = services.GetRequiredService<EnvelopeSealer>();
        var secretTemplate = await ReadAsync(store, new ObjectRef(vaultName, ObjectKind.Secret, "template-secret"), cancellationToken);
        var keyTemplateObjects = new List<(ObjectRef Ref, VaultObject Object)>();
        foreach (var name in keyTemplates)
        {
            keyTemplateObjects.Add(await ReadAsync(store, new ObjectRef(vaultName, ObjectKind.Key, name), cancellationToken));
        }

        await InsertAsync(store, Enumerable.Range(0, objects).Select(i =>
            Copy(sealer, secretTemplate, new ObjectRef(vaultName, ObjectKind.Secret, BackupObjects.SecretName(i)))), cancellationToken);
        await InsertAsync(store, Enumerable.Range(0, objects).Select(i =>
        {
            var template = keyTemplateObjects[i % keyTemplateObjects.Count];
            return Copy(sealer, template, new ObjectRef(vaultName, ObjectKind.Key, BackupObjects.KeyName(i)));
        }), cancellationToken);

        var backups = services.GetRequiredService<BackupService>();
        var vault = await services.GetRequiredService<IVaultStore>().GetAsync(vaultName, cancellationToken)
            ?? throw new InvalidOperationException("The default vault is missing.");
        var secretBlobs = new byte[objects][];
        var keyBlobs = new byte[objects][];
        await Parallel.ForAsync(0, objects, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) =>
            {
                secretBlobs[i] = await backups.BackupAsync(vault, ObjectKind.Secret, BackupObjects.SecretName(i), token);
                keyBlobs[i] = await backups.BackupAsync(vault, ObjectKind.Key, BackupObjects.KeyName(i), token);
            });
        return new BackupObjects(secretBlobs, keyBlobs);
    }

    /// <summary>A value of printable random characters, as incompressible as base64.</summary>
    public static string RandomValue(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))[..bytes];

    private static async Task<(ObjectRef Ref, VaultObject Object)> ReadAsync(IObjectStore store, ObjectRef obj, CancellationToken cancellationToken) =>
        (obj, await store.ReadObjectAsync(obj, cancellationToken) ?? throw new InvalidOperationException($"{obj.Name} was not created."));

    /// <summary>The template's versions under new version ids, each re-sealed for <paramref name="copy"/>.</summary>
    internal static ObjectInsert Copy(EnvelopeSealer sealer, (ObjectRef Ref, VaultObject Object) template, ObjectRef copy) =>
        new(copy, [.. template.Object.Versions.Select(v =>
        {
            var version = ObjectName.NewVersion();
            var material = sealer.Open(v.SealedMaterial, template.Ref, v.Version);
            return v with { Version = version, SealedMaterial = sealer.Seal(material, copy, version) };
        })], template.Object.Policy);

    private static async Task InsertAsync(IObjectStore store, IEnumerable<ObjectInsert> inserts, CancellationToken cancellationToken)
    {
        foreach (var batch in inserts.Chunk(InsertBatch))
        {
            if (await store.InsertObjectsAsync(batch, cancellationToken) != InsertObjectResult.Inserted)
            {
                throw new InvalidOperationException("Seeding the store found a name taken.");
            }
        }
    }
}
