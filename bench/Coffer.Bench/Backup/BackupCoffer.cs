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
internal sealed class BackupCoffer : IAsyncDisposable
{
    private BackupCoffer(InProcessCoffer coffer, string token, VaultHttpClients http, BackupObjects objects, VaultMaker vaults,
        RestoreVaults secretRestores, RestoreVaults keyRestores, HttpBackupTarget secrets, HttpBackupTarget keys)
    {
        Coffer = coffer;
        Token = token;
        Http = http;
        Objects = objects;
        Vaults = vaults;
        SecretRestores = secretRestores;
        KeyRestores = keyRestores;
        Secrets = secrets;
        Keys = keys;
    }

    public InProcessCoffer Coffer { get; }

    /// <summary>A bearer token of the default (admin) client, valid an hour.</summary>
    public string Token { get; }

    public VaultHttpClients Http { get; }

    public BackupObjects Objects { get; }

    public VaultMaker Vaults { get; }

    public RestoreVaults SecretRestores { get; }

    public RestoreVaults KeyRestores { get; }

    public HttpBackupTarget Secrets { get; }

    public HttpBackupTarget Keys { get; }

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
        Http.Dispose();
        await Coffer.DisposeAsync();
    }
}
