using System.CommandLine;
using Microsoft.AspNetCore.Connections;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer serve</c>: runs the HTTPS server and prints what a client needs to reach it.</summary>
internal static class ServeCommand
{
    private const long MiB = 1024 * 1024;

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var database = CommonOptions.Database();
        var port = CommonOptions.Port();
        var dnsSuffix = CommonOptions.DnsSuffix();
        var bind = new Option<string>("--bind") { Description = "IP address to listen on.", DefaultValueFactory = _ => new CofferOptions().BindAddress };
        var authorityHost = new Option<string?>("--authority-host") { Description = "Authority host clients get tokens from (default https://localhost:{port})." };
        var defaultVault = new Option<string>("--default-vault") { Description = "Name of the vault created on first start.", DefaultValueFactory = _ => new CofferOptions().DefaultVaultName };
        var location = new Option<string>("--location") { Description = "Azure location of the default vault.", DefaultValueFactory = _ => new CofferOptions().DefaultLocation };
        var defaults = new CofferOptions();
        var noAudit = new Option<bool>("--no-audit") { Description = "Do not keep the audit log (writes then no longer fail closed on it)." };
        var throttle = new Option<bool>("--throttle") { Description = "Answer requests over a vault's limits with 429 and Retry-After, as Azure does." };
        var throttleWindow = new Option<int>("--throttle-window") { Description = "Throttling window, in seconds.", DefaultValueFactory = _ => (int)defaults.ThrottleWindow.TotalSeconds };
        var rsaCreates = new Option<int>("--throttle-rsa-key-creates") { Description = "RSA-2048 key creates per window and vault.", DefaultValueFactory = _ => defaults.ThrottleRsaKeyCreates };
        var keyCreates = new Option<int>("--throttle-key-creates") { Description = "Other key creates per window and vault.", DefaultValueFactory = _ => defaults.ThrottleOtherKeyCreates };
        var secretSets = new Option<int>("--throttle-secret-sets") { Description = "Secret sets per window and vault.", DefaultValueFactory = _ => defaults.ThrottleSecretSets };
        var transactions = new Option<int>("--throttle-transactions") { Description = "Other transactions per window and vault.", DefaultValueFactory = _ => defaults.ThrottleTransactions };
        var azureTiming = new Option<bool>("--azure-timing")
        {
            Description = "Keep deletes and self-signed certificate creates in progress for a few seconds, as Azure does (for code that relies on seeing those states).",
        };
        var azureTimingSeconds = new Option<int>("--azure-timing-seconds")
        {
            Description = "With --azure-timing: how many seconds those operations stay in progress (1-60).",
            DefaultValueFactory = _ => 3,
        };
        var keyCacheKeys = new Option<int>("--key-cache-keys")
        {
            Description = "Key versions whose imported key objects are kept for crypto operations (0: import the key on every operation).",
            DefaultValueFactory = _ => defaults.KeyCacheMaxKeys,
        };
        var keyCacheMb = new Option<int>("--key-cache-mb")
        {
            Description = "Most estimated memory of the kept key objects, in MiB.", DefaultValueFactory = _ => (int)(defaults.KeyCacheMaxBytes / MiB),
        };
        var externalIssuers = new Option<string[]>("--external-issuer")
        {
            Description = "Also accept tokens of this OIDC issuer: 'metadata-url|audience[|tenant-id[|issuer]]' (repeatable). The metadata URL is the issuer's "
                + ".well-known/openid-configuration; tenant-id is the tenant of principals whose tokens carry no tid (default: the server's); issuer is "
                + "its tokens' iss ({tenantid} standing for their tid), needed only when it is not the metadata URL without /.well-known/openid-configuration.",
        };
        externalIssuers.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ExternalIssuerOptions.TryParse(value) is null)
                {
                    result.AddError($"--external-issuer '{value}' is not 'metadata-url|audience[|tenant-id[|issuer]]'.");
                }
            }
        });

        var sinks = new AuditSinkCommandOptions();
        var command = new Command("serve", "Run the Key Vault-compatible HTTPS server.")
        {
            dataDir, database, port, bind, dnsSuffix, authorityHost, defaultVault, location,
            externalIssuers, noAudit, azureTiming, azureTimingSeconds, throttle, throttleWindow, rsaCreates, keyCreates, secretSets, transactions, keyCacheKeys, keyCacheMb,
        };
        sinks.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new CofferOptions
            {
                DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!),
                Database = CommonOptions.DatabaseOf(result, database),
                Port = result.GetValue(port),
                BindAddress = result.GetValue(bind)!,
                DnsSuffix = result.GetValue(dnsSuffix)!,
                AuthorityHost = result.GetValue(authorityHost),
                DefaultVaultName = result.GetValue(defaultVault)!,
                DefaultLocation = result.GetValue(location)!,
                RootKey = Environment.GetEnvironmentVariable("COFFER_ROOT_KEY"),
                ExternalIssuers = [.. (result.GetValue(externalIssuers) ?? []).Select(v => ExternalIssuerOptions.TryParse(v)!)],
                Audit = !result.GetValue(noAudit),
                OperationDelay = result.GetValue(azureTiming) ? TimeSpan.FromSeconds(result.GetValue(azureTimingSeconds)) : TimeSpan.Zero,
                Throttle = result.GetValue(throttle),
                ThrottleWindow = TimeSpan.FromSeconds(result.GetValue(throttleWindow)),
                ThrottleRsaKeyCreates = result.GetValue(rsaCreates),
                ThrottleOtherKeyCreates = result.GetValue(keyCreates),
                ThrottleSecretSets = result.GetValue(secretSets),
                ThrottleTransactions = result.GetValue(transactions),
                KeyCacheMaxKeys = result.GetValue(keyCacheKeys),
                KeyCacheMaxBytes = result.GetValue(keyCacheMb) * MiB,
                AuditFile = sinks.File(result),
                AuditSyslog = sinks.Syslog(result),
            };
            if (ListenAddress.InUse(options) is { } taken)
            {
                await Console.Error.WriteLineAsync(taken);
                return ExitCodes.Other;
            }

            try
            {
                await using var server = await CofferServer.CreateAsync(options, services => services.AddCofferStorage(options), cancellationToken: cancellationToken);
                await server.App.StartAsync(cancellationToken);
                Console.Out.Write(StartBanner.Render(server));
                await server.App.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (InvalidOperationException e) when (StorageSelection.IsInvalidOptions(e))
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                // Taken between the check and Kestrel's bind.
                await Console.Error.WriteLineAsync(ListenAddress.InUseMessage(options));
                return ExitCodes.Other;
            }
        });
        return command;
    }
}
