using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coffer.Client.KeyVault;
using Coffer.Core;
using Coffer.Core.Backup;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer backup inspect FILE</c>: what a backup blob claims in its readable header (kind, format,
/// subscription, geography, protection key, creation time) — and, with <c>--verify</c> and a vault, what
/// the Coffer serving that vault finds when it opens the blob as a restore would: integrity, name,
/// versions, restorability there. Never a value or key material.
/// </summary>
internal static partial class BackupInspectCommand
{
    public static Command Create()
    {
        var connection = new VaultConnection();
        var file = new Argument<string>("FILE") { Description = "Backup blob (raw bytes or the service's {\"value\": …} JSON) or vault archive." };
        var verify = new Option<bool>("--verify")
        {
            Description = "Have the Coffer serving --vault-name/--vault-url open the blob (integrity, name, versions, restorability there). Needs restore permission; writes nothing.",
        };
        var output = OutputFormatOption.Create();
        var command = new Command("inspect", "Show what a backup blob or vault archive holds, and check its integrity, without restoring it.") { file, verify, output };
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (await ArchiveInspection.IsArchiveAsync(result.GetValue(file)!, cancellationToken))
            {
                await ArchiveInspection.PrintAsync(result.GetValue(file)!, result.GetValue(output), cancellationToken);
                return ExitCodes.Ok;
            }

            var blob = await BlobFile.ReadAsync(result.GetValue(file)!, cancellationToken);
            if (AzureMarker(blob) is { } azureKind)
            {
                Print(result.GetValue(output), new Dictionary<string, object?> { ["kind"] = azureKind, ["format"] = "azure", ["verified"] = false },
                    $"kind:            {azureKind}\nformat:          Azure Key Vault backup (opaque: only Azure can open it)");
                return ExitCodes.Ok;
            }

            var header = BackupBlob.ReadHeader(blob);
            if (!result.GetValue(verify))
            {
                Print(result.GetValue(output), HeaderJson(header), HeaderText(header) + "integrity:       not checked (--verify with a vault checks it)");
                return ExitCodes.Ok;
            }

            var vault = connection.Resolve(result);
            JsonElement inspection;
            try
            {
                inspection = await connection.CreateClient(result, vault).InspectBackupAsync(header.Kind, blob, cancellationToken);
            }
            catch (KeyVaultServiceException e) when (e.Status is 404 or 405 && !e.Code.Contains("Vault", StringComparison.Ordinal))
            {
                throw new CliInputException($"{vault} is not a Coffer (it answered {e.Status} {e.Code}); --verify needs a Coffer holding the blob's protection key.");
            }

            Print(result.GetValue(output), inspection, VerifiedText(inspection, vault));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(OutputFormat format, object json, string text)
    {
        Console.WriteLine(format == OutputFormat.Json
            ? json is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize((Dictionary<string, object?>)json, CliJsonContext.Default.DictionaryStringObject)
            : text);
    }

    private static Dictionary<string, object?> HeaderJson(BackupHeader header) => new()
    {
        ["kind"] = header.Kind.WireName(),
        ["format"] = header.Format,
        ["subscription"] = header.SubscriptionId,
        ["geography"] = header.Geography,
        ["protectionKeyId"] = header.KeyId,
        ["created"] = header.Created.ToUnixTimeSeconds(),
        ["resealed"] = ResealedJson(header.Resealed),
        ["verified"] = false,
    };

    /// <summary>A re-sealed header's mark for <c>--output json</c>: when (Unix seconds), by whom, from which pair; null when never re-sealed.</summary>
    public static Dictionary<string, object?>? ResealedJson(BackupResealMark? mark) => mark is null ? null : new()
    {
        ["at"] = mark.At.ToUnixTimeSeconds(),
        ["by"] = mark.By,
        ["fromSubscription"] = mark.FromSubscriptionId,
        ["fromGeography"] = mark.FromGeography,
    };

    /// <summary>The re-seal line of the text output (with its line feed), or nothing when never re-sealed.</summary>
    public static string ResealedText(BackupResealMark? mark) => mark is null ? string.Empty : string.Create(CultureInfo.InvariantCulture,
        $"re-sealed:       {mark.At:u} by {mark.By}, from subscription {mark.FromSubscriptionId}, geography {mark.FromGeography}\n");

    private static string HeaderText(BackupHeader header) => string.Create(CultureInfo.InvariantCulture, $"""
        kind:            {header.Kind.WireName()}
        format:          {header.Format}
        subscription:    {header.SubscriptionId}
        geography:       {header.Geography}
        protection key:  {header.KeyId}
        created:         {header.Created:u}

        """) + ResealedText(header.Resealed);

    private static string VerifiedText(JsonElement inspection, Uri vault)
    {
        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture, $"""
            kind:            {inspection.GetProperty("kind").GetString()}
            format:          {inspection.GetProperty("format").GetInt32()}
            subscription:    {inspection.GetProperty("subscription").GetString()}
            geography:       {inspection.GetProperty("geography").GetString()}
            protection key:  {inspection.GetProperty("protectionKeyId").GetString()}
            created:         {DateTimeOffset.FromUnixTimeSeconds(inspection.GetProperty("created").GetInt64()):u}
            {(inspection.TryGetProperty("resealed", out var r) ? ResealedText(new BackupResealMark(DateTimeOffset.FromUnixTimeSeconds(r.GetProperty("at").GetInt64()),
                r.GetProperty("by").GetString()!, r.GetProperty("fromSubscription").GetString()!, r.GetProperty("fromGeography").GetString()!)) : "")}integrity:       verified by {vault}
            restorable here: {(inspection.GetProperty("restorable").GetBoolean() ? "yes" : "no: " + inspection.GetProperty("reason").GetString())}

            """));
        Versions(text, inspection);
        if (inspection.TryGetProperty("linked", out var linked))
        {
            foreach (var item in linked.EnumerateArray())
            {
                Versions(text, item);
            }
        }

        return text.ToString().TrimEnd();
    }

    private static void Versions(StringBuilder text, JsonElement inspection)
    {
        var versions = inspection.GetProperty("versions");
        text.Append(CultureInfo.InvariantCulture, $"{inspection.GetProperty("kind").GetString()} {inspection.GetProperty("name").GetString()}: {versions.GetArrayLength()} version(s)\n");
        foreach (var version in versions.EnumerateArray())
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {version.GetProperty("version").GetString()}  created {DateTimeOffset.FromUnixTimeSeconds(version.GetProperty("created").GetInt64()):u}  {(version.GetProperty("enabled").GetBoolean() ? "enabled" : "disabled")}\n");
        }
    }

    /// <summary>Azure's own blobs (<c>&amp;AzureKeyVaultKeyBackupV1.microsoft.com</c>…) are recognised, not read.</summary>
    private static string? AzureMarker(byte[] blob)
    {
        if (blob.Length < 2 || blob.Length < 1 + blob[0])
        {
            return null;
        }

        var match = AzureMarkerPattern().Match(Encoding.ASCII.GetString(blob, 1, blob[0]));
        return match.Success ? match.Groups["kind"].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex("^AzureKeyVault(?<kind>Key|Secret|Certificate)Backup", RegexOptions.CultureInvariant)]
    private static partial Regex AzureMarkerPattern();
}
