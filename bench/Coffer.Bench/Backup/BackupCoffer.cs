using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Coffer.Bench.Load;
using Coffer.Server.Hosting;

namespace Coffer.Bench.Backup;

/// <summary>
/// One in-process Coffer seeded for the backup phases (<see cref="BackupSeeder"/>), with its plain-HttpClient
/// targets for secrets and keys and the vaults its restores go to. The run makes one, and a second with its
/// audit log off for <c>--audit-off</c>.
/// </summary>
internal sealed class BackupCoffer(
    InProcessCoffer coffer, string token, VaultHttpClients http, BackupObjects objects, VaultMaker vaults,
    RestoreVaults secretRestores, RestoreVaults keyRestores, HttpBackupTarget secrets, HttpBackupTarget keys) : IAsyncDisposable
{
    public InProcessCoffer Coffer => coffer;

    /// <summary>A bearer token of the default (admin) client, valid an hour.</summary>
    public string Token => token;

    public VaultHttpClients Http => http;

    public BackupObjects Objects => objects;

    public VaultMaker Vaults => vaults;

    public RestoreVaults SecretRestores => secretRestores;

    public RestoreVaults KeyRestores => keyRestores;

    public HttpBackupTarget Secrets => secrets;

    public HttpBackupTarget Keys => keys;

    /// <param name="configure">Changes the server's options before it starts (audit off).</param>
    /// <param name="restoreLocation">Region of the vaults restores go to.</param>
    public static async Task<BackupCoffer> StartAsync(Action<CofferOptions>? configure, BackupSettings settings, string restoreLocation,
        CancellationToken cancellationToken)
    {
        var coffer = await InProcessCoffer.StartAsync(configure, cancellationToken);
        VaultHttpClients? http = null;
        try
        {
            var token = await coffer.GetTokenAsync(cancellationToken);
            http = new VaultHttpClients(coffer.Server.Authority.Certificate, settings.Phases.Clients, token);
            BackupObjects objects;
            using (var seedTransport = new HttpClientTransport(Loopback.CreateHandler(coffer.Server.Authority.Certificate)))
            {
                var seedClient = new SecretClient(coffer.DefaultVaultUrl, coffer.CreateCredential(seedTransport), new SecretClientOptions { Transport = seedTransport });
                objects = await BackupSeeder.SeedAsync(coffer, seedClient, http, settings.Objects, settings.ValueBytes, cancellationToken);
            }

            var vaults = new VaultMaker(name => coffer.CreateVaultAsync(name, restoreLocation, CancellationToken.None));
            var secretRestores = new RestoreVaults(vaults, objects.Count);
            var keyRestores = new RestoreVaults(vaults, objects.Count);
            var vault = coffer.Deployment.DefaultVaultName;
            return new BackupCoffer(coffer, token, http, objects, vaults, secretRestores, keyRestores,
                new HttpBackupTarget(http, coffer.VaultUrl, vault, "secrets", BackupObjects.SecretName, objects.SecretBlobs, secretRestores, objects.Pick),
                new HttpBackupTarget(http, coffer.VaultUrl, vault, "keys", BackupObjects.KeyName, objects.KeyBlobs, keyRestores, objects.Pick));
        }
        catch
        {
            http?.Dispose();
            await coffer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await coffer.DisposeAsync();
    }
}
