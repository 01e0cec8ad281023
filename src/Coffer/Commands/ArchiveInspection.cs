using System.Globalization;
using System.Text;
using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer backup inspect</c> of a vault archive: reads all of it — so structure, every blob's SHA-256 and
/// the digest over every byte are checked — and prints the header and the manifest (kind, name, versions).
/// A signature can only be checked by the Coffer holding the key (on restore).
/// </summary>
internal static class ArchiveInspection
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CofferVaultArchiveV1\n");

    public static async Task<bool> IsArchiveAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = File.OpenRead(path);
        var start = new byte[Magic.Length];
        return await file.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken) == start.Length && start.SequenceEqual(Magic);
    }

    public static async Task PrintAsync(string path, OutputFormat format, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var (summary, entries) = await VaultArchiveReader.ReadManifestAsync(file, null, cancellationToken);
        var header = summary.Header;
        if (format == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["archive"] = true,
                ["vault"] = header.Vault,
                ["vaultUrl"] = header.VaultUrl,
                ["source"] = header.Source,
                ["created"] = header.Created.ToUnixTimeSeconds(),
                ["subscription"] = header.SubscriptionId,
                ["geography"] = header.Geography,
                ["signingKeyId"] = header.SigningKeyId,
                ["resealed"] = BackupInspectCommand.ResealedJson(header.Resealed),
                ["objects"] = summary.ObjectCount,
                ["blobBytes"] = summary.BlobBytes,
                ["digest"] = summary.Digest,
                ["digestVerified"] = true,
                ["entries"] = entries.Select(e => new Dictionary<string, object?>
                {
                    ["kind"] = e.Kind.WireName(),
                    ["name"] = e.Name,
                    ["versionCount"] = e.VersionCount,
                    ["versions"] = e.Versions?.ToList(),
                    ["size"] = e.Size,
                    ["sha256"] = e.Sha256,
                }).ToList(),
            }, CliJsonContext.Default.DictionaryStringObject));
            return;
        }

        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture, $"""
            vault archive:   format 1, {(header.Source == VaultArchiveHeader.CofferSource ? "Coffer snapshot (point in time)" : "object by object (rest)")}
            vault:           {header.Vault} ({header.VaultUrl})
            created:         {header.Created:u}
            subscription:    {header.SubscriptionId ?? "unknown"}
            geography:       {header.Geography ?? "unknown"}
            {BackupInspectCommand.ResealedText(header.Resealed)}objects:         {summary.ObjectCount} ({summary.BlobBytes} blob bytes)
            integrity:       every blob's SHA-256 and the digest {summary.Digest} verified; {(summary.IsSigned ? $"signed by protection key {header.SigningKeyId} (the signature is checked by the Coffer holding it, on restore)" : "unsigned")}

            """));
        foreach (var entry in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Kind.WireName(),-12} {entry.Name,-40} {(entry.VersionCount is { } count ? $"{count} version(s)" : "versions unknown")}\n");
        }

        Console.Write(text.ToString());
    }
}
