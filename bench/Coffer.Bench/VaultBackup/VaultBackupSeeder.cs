using Coffer.Bench.Backup;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.VaultBackup;

/// <summary>
/// Fills a data directory's default vault without serving it: a template secret and an EC key of
/// <c>versions</c> versions made by the services, then copied (each version re-sealed for its copy, as a
/// restore would) straight into the store — nine secrets for every key.
/// </summary>
internal static class VaultBackupSeeder
{
    private const int InsertBatch = 500;

    public static async Task<Deployment> SeedAsync(CofferOptions options, int objects, int versions, int valueBytes, CancellationToken cancellationToken)
    {
        await using var server = await CofferServer.CreateAsync(options, services => services.AddCofferSqlite(options.DatabasePath), cancellationToken: cancellationToken);
        var services = server.App.Services;
        var vault = (await services.GetRequiredService<IVaultStore>().GetAsync(server.Deployment.DefaultVaultName, cancellationToken))!;
        for (var v = 0; v < versions; v++)
        {
            await services.GetRequiredService<SecretService>().SetAsync(vault, "template-secret",
                new SecretSetRequest(BackupSeeder.RandomValue(valueBytes), null, ObjectAttributes.Default, null), cancellationToken);
            await services.GetRequiredService<KeyService>().CreateAsync(vault, "template-key",
                new KeyCreateRequest("EC", null, null, "P-256", null, ObjectAttributes.Default, null, null, null), cancellationToken);
        }

        var store = services.GetRequiredService<IObjectStore>();
        var sealer = services.GetRequiredService<EnvelopeSealer>();
        var secret = new ObjectRef(vault.Name, ObjectKind.Secret, "template-secret");
        var key = new ObjectRef(vault.Name, ObjectKind.Key, "template-key");
        var templates = new[] { (secret, (await store.ReadObjectAsync(secret, cancellationToken))!), (key, (await store.ReadObjectAsync(key, cancellationToken))!) };
        foreach (var batch in Enumerable.Range(0, objects - 2).Chunk(InsertBatch))
        {
            var inserts = batch.Select(i => i % 10 == 9
                ? BackupSeeder.Copy(sealer, templates[1], new ObjectRef(vault.Name, ObjectKind.Key, Name("k", i)))
                : BackupSeeder.Copy(sealer, templates[0], new ObjectRef(vault.Name, ObjectKind.Secret, Name("s", i)))).ToList();
            if (await store.InsertObjectsAsync(inserts, cancellationToken) != InsertObjectResult.Inserted)
            {
                throw new InvalidOperationException("Seeding found a name taken.");
            }
        }

        return server.Deployment;
    }

    private static string Name(string prefix, int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}-{i:D6}");
}
