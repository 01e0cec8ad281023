using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Coffer.Client;
using Coffer.Client.KeyVault;
using Coffer.Core;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// The options that name a vault and how to reach it (see <see cref="VaultAddress"/>), and the
/// <see cref="KeyVaultClient"/> built from them: <see cref="CliCredential"/>, TLS trusting the system's
/// roots plus <c>--ca-file</c> (or the CA of <c>--data-dir</c>, when a local Coffer made one).
/// </summary>
internal sealed class VaultConnection
{
    public const string RuleHelp =
        "The vault: --vault-url as given; --vault-name V means https://V.{suffix}, the suffix from --vault-suffix, else COFFER_VAULT_SUFFIX, else vault.azure.net (Azure); a suffix may carry a port (vault.localhost:8443).";

    private readonly string _prefix;

    /// <param name="side">Empty for a command that talks to one vault; <c>from</c> or <c>to</c> for one that talks to two
    /// (every option then starts with <c>--{side}-</c>, and the side may name its own credential: <see cref="SideCredential"/>).</param>
    public VaultConnection(string side = "")
    {
        _prefix = side.Length == 0 ? "--" : $"--{side}-";
        var whose = side.Length == 0 ? string.Empty : $" ({side} side)";
        VaultName = new(_prefix + "vault-name") { Description = "Vault name; the URL is https://{name}.{suffix}." + whose };
        VaultUrl = new(_prefix + "vault-url") { Description = "Vault URL, such as https://myvault.vault.azure.net." + whose };
        VaultSuffix = new(_prefix + "vault-suffix")
        {
            Description = $"DNS suffix for {_prefix}vault-name, host[:port] (default: ${VaultAddress.SuffixVariable}, else {VaultAddress.AzureSuffix}).",
        };
        CaFile = new(_prefix + "ca-file") { Description = "PEM of an extra CA to trust (e.g. from coffer cert export)." + whose };
        DataDirectory = CommonOptions.DataDirectory(_prefix + "data-dir");
        MaxRetries = CreateMaxRetries(_prefix + "max-retries");
        Credential = side.Length == 0 ? null : new SideCredential(side);
    }

    public Option<string?> VaultName { get; }

    public Option<string?> VaultUrl { get; }

    public Option<string?> VaultSuffix { get; }

    public Option<string?> CaFile { get; }

    public Option<string> DataDirectory { get; }

    public Option<int> MaxRetries { get; }

    /// <summary>A side's own credential options; null for a one-vault command (it uses <see cref="CliCredential"/> alone).</summary>
    public SideCredential? Credential { get; }

    public IEnumerable<Option> All => [VaultName, VaultUrl, VaultSuffix, CaFile, DataDirectory, MaxRetries, .. Credential?.All ?? []];

    /// <summary>The vault named by exactly one of <c>--vault-name</c>, <c>--vault-url</c> (and <paramref name="id"/> when given).</summary>
    public Uri Resolve(ParseResult result, string? id = null, ObjectKind kind = ObjectKind.Key)
    {
        var name = result.GetValue(VaultName);
        var url = result.GetValue(VaultUrl);
        var given = new[] { name, url, id }.Count(value => value is not null);
        if (given != 1)
        {
            throw new CliInputException(id is null && given == 0
                ? $"Name the vault with {_prefix}vault-name or {_prefix}vault-url."
                : $"Name the vault once: {_prefix}vault-name, {_prefix}vault-url" + (id is null ? "" : " or --id") + ", not several.");
        }

        return name is not null ? VaultAddress.FromName(name, result.GetValue(VaultSuffix))
            : url is not null ? VaultAddress.FromUrl(url)
            : VaultAddress.FromId(id!, kind).Vault;
    }

    public KeyVaultClient CreateClient(ParseResult result, Uri vault, HttpPipelinePolicy? perRetryPolicy = null)
    {
        var transport = new HttpClientTransport(CofferTransport.CreateHandler(ExtraCa(result)));
        var options = new KeyVaultClientOptions { Transport = transport };
        options.Retry.MaxRetries = result.GetValue(MaxRetries);
        if (perRetryPolicy is not null)
        {
            options.AddPolicy(perRetryPolicy, Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return new KeyVaultClient(vault, Credential?.Create(result, transport) ?? CliCredential.Create(transport), options);
    }

    private static Option<int> CreateMaxRetries(string name)
    {
        var option = new Option<int>(name)
        {
            Description = "Retries of a request answered 408, 429 (after its Retry-After), 500, 502, 503 or 504, as the SDKs do (0-10).",
            DefaultValueFactory = _ => 3,
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10)
            {
                r.AddError($"{name} must be 0 to 10.");
            }
        });
        return option;
    }

    private X509Certificate2? ExtraCa(ParseResult result)
    {
        if (result.GetValue(CaFile) is { } file)
        {
            if (!File.Exists(file))
            {
                throw new CliInputException($"{_prefix}ca-file {file} does not exist.");
            }

            return X509CertificateLoader.LoadCertificateFromFile(file);
        }

        var local = new CofferOptions { DataDirectory = Path.GetFullPath(result.GetValue(DataDirectory)!) }.CaCertificatePath;
        return File.Exists(local) ? X509CertificateLoader.LoadCertificateFromFile(local) : null;
    }
}
