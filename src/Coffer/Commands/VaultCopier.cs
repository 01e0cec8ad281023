using System.Text.Json;
using Coffer.Client.KeyVault;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// Copies objects between any two Key Vault endpoints over the REST API: a secret with every version in order (value, content
/// type, tags, enabled/nbf/exp), a certificate with every version (its PFX or PEM read through its secret, imported with the
/// policy and tags), and keys only reported: the REST API never hands out a key's private part (an exportable key is released
/// only to the attested environment its release policy names). "Already there" is decided by content, not by a record of
/// earlier runs: each source version is matched with a target version of the same value digest, content type, tags and
/// attributes, and only the unmatched ones are copied — so a killed run, resumed or started again, copies nothing twice, and a
/// second run copies only what changed. A target holding versions the source lacks is a conflict, left alone.
/// </summary>
internal sealed class VaultCopier(KeyVaultClient source, KeyVaultClient target, bool dryRun)
{
    private static readonly ObjectKind[] Kinds = [ObjectKind.Secret, ObjectKind.Certificate, ObjectKind.Key];

    public async Task<VaultCopyPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var objects = new List<PlannedObject>();
        foreach (var kind in Kinds)
        {
            objects.AddRange((await source.ListOwnNamesAsync(kind, cancellationToken)).Select(name => new PlannedObject(kind, name)));
        }

        return new VaultCopyPlan(source.VaultUri.ToString(), target.VaultUri.ToString(), DateTimeOffset.UtcNow, objects);
    }

    public Task<CopiedObject> CopyAsync(PlannedObject item, CancellationToken cancellationToken) => item.Kind switch
    {
        ObjectKind.Secret => CopyHistoryAsync(item, ReadSecretAsync, WriteSecretAsync, cancellationToken),
        ObjectKind.Certificate => CopyCertificateAsync(item, cancellationToken),
        _ => ReportKeyAsync(item, cancellationToken),
    };

    private async Task<CopiedObject> CopyCertificateAsync(PlannedObject item, CancellationToken cancellationToken)
    {
        var policy = await source.GetPolicyAsync(item.Name, cancellationToken);
        if (policy.TryGetProperty("key_props", out var keyProps) && keyProps.TryGetProperty("exportable", out var exportable)
            && exportable.ValueKind == JsonValueKind.False)
        {
            return new CopiedObject(item.Kind, item.Name, [], 0,
                [new NotCopied(ObjectId(item), "its private key is not exportable (policy key_props.exportable is false), so its secret holds no key to import")]);
        }

        return await CopyHistoryAsync(item, ReadCertificateAsync, (name, version, token) => ImportCertificateAsync(name, version, policy, token), cancellationToken);
    }

    /// <summary>Reads both histories, matches them by content, and writes the source versions the target lacks, oldest first.</summary>
    private async Task<CopiedObject> CopyHistoryAsync(PlannedObject item, Func<KeyVaultClient, ObjectKind, string, VaultObjectItem, CancellationToken, Task<Readable>> read,
        Func<string, Readable, CancellationToken, Task<string>> write, CancellationToken cancellationToken)
    {
        var notCopyable = new List<NotCopied>();
        var wanted = new List<Readable>();
        foreach (var version in await HistoryAsync(source, item, cancellationToken))
        {
            if (version.Enabled == false)
            {
                notCopyable.Add(new NotCopied(version.Id.ToString(), "disabled: Key Vault does not read a disabled version's value"));
                continue;
            }

            var readable = await read(source, item.Kind, item.Name, version, cancellationToken);
            if (readable.Reason is { } reason)
            {
                notCopyable.Add(new NotCopied(version.Id.ToString(), reason));
            }
            else
            {
                wanted.Add(readable);
            }
        }

        var unmatched = new List<Readable>(wanted);
        var present = 0;
        foreach (var version in await HistoryAsync(target, item, cancellationToken))
        {
            var there = version.Enabled == false ? null : await read(target, item.Kind, item.Name, version, cancellationToken);
            var match = there?.State is { } state ? unmatched.FindIndex(w => w.State!.SameAs(state)) : -1;
            if (match < 0)
            {
                return new CopiedObject(item.Kind, item.Name, [], present, notCopyable,
                    $"the target's version {version.Version} is not one of the source's; the target was changed on its own, so nothing was copied into it");
            }

            unmatched.RemoveAt(match);
            present++;
        }

        var copied = new List<CopiedVersion>();
        foreach (var version in unmatched)
        {
            copied.Add(new CopiedVersion(version.State!.Id, dryRun ? null : await write(item.Name, version, cancellationToken)));
        }

        return new CopiedObject(item.Kind, item.Name, copied, present, notCopyable);
    }

    private async Task<CopiedObject> ReportKeyAsync(PlannedObject item, CancellationToken cancellationToken)
    {
        var key = await source.GetAsync(ObjectKind.Key, item.Name, null, cancellationToken);
        var exportable = key.TryGetProperty("attributes", out var a) && a.TryGetProperty("exportable", out var e) && e.ValueKind == JsonValueKind.True;
        var reason = exportable && key.TryGetProperty("release_policy", out _)
            ? "exportable with a release policy, but secure key release hands the key only to the attested environment that policy names (wrapped for it), never to a copying client"
            : "not exportable: Key Vault never hands out a key's private part (back it up and restore it within one subscription and geography instead)";
        return new CopiedObject(item.Kind, item.Name, [], 0, [new NotCopied(ObjectId(item), reason)]);
    }

    private static async Task<Readable> ReadSecretAsync(KeyVaultClient client, ObjectKind kind, string name, VaultObjectItem version, CancellationToken cancellationToken)
    {
        var bundle = await client.GetAsync(ObjectKind.Secret, name, version.Version, cancellationToken);
        var value = VersionState.StringOf(bundle, "value") ?? string.Empty;
        return new Readable(new VersionState(version.Id.ToString(), VersionState.DigestOf(value), VersionState.StringOf(bundle, "contentType"),
            VersionState.TagsOf(bundle), VersionState.EnabledOf(bundle), VersionState.TimeOf(bundle, "nbf"), VersionState.TimeOf(bundle, "exp")), bundle, value);
    }

    /// <summary>A certificate version is its DER (compared by digest), tags and enabled; its value is its secret's (PFX or PEM).</summary>
    private static async Task<Readable> ReadCertificateAsync(KeyVaultClient client, ObjectKind kind, string name, VaultObjectItem version,
        CancellationToken cancellationToken)
    {
        var bundle = await client.GetAsync(ObjectKind.Certificate, name, version.Version, cancellationToken);
        if (VersionState.StringOf(bundle, "cer") is not { } cer || VersionState.StringOf(bundle, "sid") is not { } sid)
        {
            return new Readable(null, bundle, null, "its creation has not completed (no certificate yet)");
        }

        var state = new VersionState(version.Id.ToString(), VersionState.DigestOf(cer), null, VersionState.TagsOf(bundle), VersionState.EnabledOf(bundle), null, null);
        var secretVersion = new Uri(sid).AbsolutePath.Trim('/').Split('/')[^1];
        var secret = await client.GetAsync(ObjectKind.Secret, name, secretVersion, cancellationToken);
        return new Readable(state, bundle, VersionState.StringOf(secret, "value"), ContentType: VersionState.StringOf(secret, "contentType"));
    }

    private async Task<string> WriteSecretAsync(string name, Readable version, CancellationToken cancellationToken)
    {
        var state = version.State!;
        var written = await target.SetSecretAsync(name, writer =>
        {
            writer.WriteString("value", version.Value);
            if (state.ContentType is { } contentType)
            {
                writer.WriteString("contentType", contentType);
            }

            WriteAttributes(writer, state);
            WriteTags(writer, version.Bundle);
        }, cancellationToken);
        return VersionState.StringOf(written, "id") ?? string.Empty;
    }

    private async Task<string> ImportCertificateAsync(string name, Readable version, JsonElement policy, CancellationToken cancellationToken)
    {
        var state = version.State!;
        var contentType = version.ContentType ?? "application/x-pkcs12";
        var imported = await target.ImportCertificateAsync(name, writer =>
        {
            writer.WriteString("value", version.Value);
            writer.WritePropertyName("policy");
            WritePolicy(writer, policy, contentType);
            WriteAttributes(writer, state with { NotBefore = null, Expires = null });
            WriteTags(writer, version.Bundle);
        }, cancellationToken);
        return VersionState.StringOf(imported, "id") ?? string.Empty;
    }

    /// <summary>The source's policy as an import takes it: without its id and attributes, its secret content type that of the value imported.</summary>
    private static void WritePolicy(Utf8JsonWriter writer, JsonElement policy, string contentType)
    {
        writer.WriteStartObject();
        foreach (var property in policy.EnumerateObject())
        {
            if (property.Name is "id" or "attributes" or "secret_props")
            {
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteStartObject("secret_props");
        writer.WriteString("contentType", contentType);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, VersionState state)
    {
        writer.WriteStartObject("attributes");
        writer.WriteBoolean("enabled", state.Enabled);
        if (state.NotBefore is { } nbf)
        {
            writer.WriteNumber("nbf", nbf);
        }

        if (state.Expires is { } exp)
        {
            writer.WriteNumber("exp", exp);
        }

        writer.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter writer, JsonElement bundle)
    {
        if (bundle.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName("tags");
            tags.WriteTo(writer);
        }
    }

    /// <summary>
    /// Every version of the object, oldest first: by creation time, and in the service's listing order within one second (Coffer
    /// lists in creation order; Azure's order within a second is its own). None when the object does not exist there.
    /// </summary>
    private static async Task<List<VaultObjectItem>> HistoryAsync(KeyVaultClient client, PlannedObject item, CancellationToken cancellationToken)
    {
        var versions = new List<VaultObjectItem>();
        try
        {
            await foreach (var version in client.ListVersionsAsync(item.Kind, item.Name, cancellationToken))
            {
                if (version.Version is not null)
                {
                    versions.Add(version);
                }
            }
        }
        catch (KeyVaultServiceException e) when (e.Status == 404)
        {
            return [];
        }

        return [.. versions.OrderBy(v => v.Created ?? DateTimeOffset.MinValue)]; // OrderBy is stable
    }

    private string ObjectId(PlannedObject item) => $"{source.VaultUri.ToString().TrimEnd('/')}/{item.Kind.Collection()}/{item.Name}";

    /// <summary>
    /// A version read for copying: its state (null when it cannot be copied, <see cref="Reason"/> says why), its bundle (whose tags it
    /// carries), its value and — for a certificate — its secret's content type (PFX or PEM).
    /// </summary>
    private sealed record Readable(VersionState? State, JsonElement Bundle, string? Value, string? Reason = null, string? ContentType = null);
}
