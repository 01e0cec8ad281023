using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core.Backup.SecurityDomain;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer security-domain download|upload|status</c>: the backup protection keys of a deployment, downloaded
/// encrypted to a quorum of operators' certificates and uploaded into a new deployment (docs/security-domain.md).
/// Operators' private keys never leave this machine: upload opens their shares here and sends the shares.
/// </summary>
internal static class SecurityDomainCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        return connection.AddTo(new Command("security-domain",
            "Download or upload the keys every backup blob and archive is protected by, so backups outlive this deployment.")
        {
            Download(connection), Upload(connection), Status(connection),
        });
    }

    private static Command Download(ManagementConnection connection)
    {
        var certificates = new Option<string[]>("--cert") { Description = "An operator's certificate (PEM or DER), RSA 2048+ or EC P-256/384/521; 3 to 10 of them.", Arity = ArgumentArity.OneOrMore };
        var quorum = new Option<int?>("--quorum") { Description = "How many operators' keys an upload needs (2 or more)." };
        var passphraseFile = PassphraseFileOption("Instead of certificates: protect the domain with the passphrase in this file (Argon2id). WEAKER than a quorum: one secret opens it.");
        var output = new Option<string>("--out") { Description = "File to write the security domain to.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the file if it exists." };
        var command = new Command("download", "Write every backup protection key, split among the operators' certificates, to a file.") { certificates, quorum, passphraseFile, output, overwrite };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => connection.RunAsync(result, async client =>
        {
            var path = result.GetValue(output)!;
            BlobFile.EnsureWritable(path, result.GetValue(overwrite));
            var certificatePaths = result.GetValue(certificates) ?? [];
            byte[] document;
            if (result.GetValue(passphraseFile) is { } passphrasePath)
            {
                if (certificatePaths.Length > 0 || result.GetValue(quorum) is not null)
                {
                    throw new CliInputException("Give either --cert with --quorum or --passphrase-file, not both.");
                }

                await Console.Error.WriteLineAsync("warning: a passphrase-protected security domain opens with that one secret; certificates with a quorum are safer.");
                document = await client.DownloadSecurityDomainAsync(await ReadPassphraseAsync(passphrasePath, cancellationToken), cancellationToken);
            }
            else
            {
                var wanted = result.GetValue(quorum) ?? throw new CliInputException("--quorum is required with --cert (or use --passphrase-file).");
                document = await client.DownloadSecurityDomainAsync(certificatePaths.Select(ReadCertificate).ToList(), wanted, cancellationToken);
            }

            var read = SecurityDomainFormat.Read(document);
            await BlobFile.WriteAsync(path, document, result.GetValue(overwrite), cancellationToken);
            Console.WriteLine($"Wrote security domain {read.Id} to {path}: {read.ProtectionKeys.Count} protection key(s), "
                + (read.Passphrase is null ? $"{read.Shares.Count} shares, quorum {read.Quorum}." : "protected by a passphrase (weaker than a quorum)."));
            foreach (var share in read.Shares)
            {
                Console.WriteLine($"  share {share.Index}: {share.Certificate.Subject} ({share.Certificate.KeyType}, sha256 {share.Certificate.Thumbprint})");
            }
        })));
        return command;
    }

    private static Command Upload(ManagementConnection connection)
    {
        var file = new Option<string>("--file") { Description = "The security domain file a download wrote.", Required = true };
        var keys = new Option<string[]>("--key") { Description = "An operator's private key (PEM, unencrypted), as many as the quorum.", Arity = ArgumentArity.OneOrMore };
        var passphraseFile = PassphraseFileOption("For a domain downloaded with --passphrase-file: the file holding that passphrase.");
        var command = new Command("upload", "Import the protection keys of a security domain, opened with a quorum of the operators' private keys.") { file, keys, passphraseFile };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => connection.RunAsync(result, async client =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliInputException($"{path} does not exist.");
            }

            var document = SecurityDomainFormat.Read(await File.ReadAllBytesAsync(path, cancellationToken));
            IReadOnlyList<RecoveredShare> shares = document.Passphrase is null
                ? (result.GetValue(keys) ?? []).Select(keyPath => OpenShare(document, keyPath)).DistinctBy(s => s.Index).ToList()
                : [PassphraseKeys.Open(document, await ReadPassphraseAsync(result.GetValue(passphraseFile)
                    ?? throw new CliInputException("This security domain is protected by a passphrase: give --passphrase-file."), cancellationToken))];
            if (shares.Count < document.Quorum)
            {
                throw new CliInputException($"The security domain needs the keys of {document.Quorum} operators and {shares.Count} were given.");
            }

            var imported = await client.UploadSecurityDomainAsync(SecurityDomainFormat.WriteUpload(new SecurityDomainUpload(document, shares)), cancellationToken);
            Console.WriteLine($"Uploaded security domain {imported.DocumentId}: {imported.Imported.Count} protection key(s) imported, {imported.AlreadyPresent.Count} already present.");
            foreach (var key in imported.Imported)
            {
                Console.WriteLine($"  imported {key.Id} for subscription {key.SubscriptionId}, geography {key.Geography}");
            }
        })));
        return command;
    }

    private static Option<string> PassphraseFileOption(string description) => new("--passphrase-file") { Description = description };

    /// <summary>The passphrase is the file's first line (a file, not an argument, so it stays out of the shell history and process list).</summary>
    private static async Task<string> ReadPassphraseAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"{path} does not exist.");
        }

        return (await File.ReadAllLinesAsync(path, cancellationToken)).FirstOrDefault() is { Length: > 0 } passphrase
            ? passphrase
            : throw new CliInputException($"{path} holds no passphrase on its first line.");
    }

    private static Command Status(ManagementConnection connection)
    {
        var subscription = new Option<string>("--subscription") { Description = "With --geography: make this pair's protection key now, before its first backup." };
        var geography = new Option<string>("--geography") { Description = "A geography (US, Europe…) or an Azure location (eastus…)." };
        var command = new Command("status", "List the protection keys and whether a downloaded security domain holds each.") { subscription, geography };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => connection.RunAsync(result, async client =>
        {
            if (result.GetValue(subscription) is { } sub)
            {
                var key = await client.CreateProtectionKeyAsync(sub, result.GetValue(geography)
                    ?? throw new CliInputException("--subscription needs --geography."), cancellationToken);
                Console.WriteLine($"Protection key {key.Id} for subscription {key.SubscriptionId}, geography {key.Geography}.");
            }

            var status = await client.GetSecurityDomainStatusAsync(cancellationToken);
            Console.WriteLine(status.LastDownload is { } last
                ? $"Last download: security domain {last.Id} at {last.Created:u}, quorum {last.Quorum} of {last.Operators.Count}, {last.KeyIds.Count} protection key(s)."
                : "No security domain was downloaded from this deployment.");
            foreach (var key in status.ProtectionKeys)
            {
                Console.WriteLine($"  {key.Id}  {key.SubscriptionId}/{key.Geography}  {(key.Covered ? "covered" : "NOT COVERED")}");
            }

            var uncovered = status.ProtectionKeys.Count(k => !k.Covered);
            if (uncovered > 0)
            {
                Console.WriteLine($"{uncovered} protection key(s) are in no security domain: download one again (coffer security-domain download).");
            }
        })));
        return command;
    }

    private static byte[] ReadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"{path} does not exist.");
        }

        try
        {
            using var certificate = File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(File.ReadAllText(path))
                : X509CertificateLoader.LoadCertificateFromFile(path);
            return certificate.RawData;
        }
        catch (CryptographicException e)
        {
            throw new CliInputException($"{path} is not an X.509 certificate: {e.Message}");
        }
    }

    private static RecoveredShare OpenShare(SecurityDomainDocument document, string keyPath)
    {
        if (!File.Exists(keyPath))
        {
            throw new CliInputException($"{keyPath} does not exist.");
        }

        AsymmetricAlgorithm key;
        try
        {
            key = OperatorKeys.ReadPrivateKey(File.ReadAllText(keyPath));
        }
        catch (ArgumentException e)
        {
            throw new CliInputException($"{keyPath}: {e.Message}");
        }

        using (key)
        {
            var fingerprint = OperatorKeys.PublicKeySha256(key);
            var share = document.Shares.FirstOrDefault(s => s.Certificate.PublicKeySha256 == fingerprint)
                ?? throw new CliInputException($"{keyPath} opens no share of this security domain: its public key is not one of the operators' certificates.");
            return OperatorKeys.Decrypt(document, share, key);
        }
    }
}
