using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Backup;
using Coffer.Core.Errors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jose;

namespace Coffer.Core.Tests;

public sealed class BackupBlobTests
{
    private static readonly BackupProtectionKey Key = new("kid1", "sub-1", "US", RandomNumberGenerator.GetBytes(32));
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Property]
    public bool Open_OfSeal_ReturnsTheSameObject(NonEmptyArray<byte> material, PositiveInt versions, bool enabled, NonNegativeInt nbf)
    {
        var content = Content(ObjectKind.Secret, "db-password", Math.Min(versions.Get, 5), material.Get, enabled, nbf.Get);

        var (header, opened) = Open(BackupBlob.Seal(content, Key, Created), ObjectKind.Secret);

        return header == new BackupHeader("kid1", ObjectKind.Secret, "sub-1", "US", 1, Created)
            && opened.Name == content.Name && opened.Policy == content.Policy
            && opened.Versions.Count == content.Versions.Count
            && opened.Versions.Zip(content.Versions).All(p =>
                p.First.Material.AsSpan().SequenceEqual(p.Second.Material)
                && p.First.Version.Version == p.Second.Version.Version
                && p.First.Version.Created == p.Second.Version.Created
                && p.First.Version.Attributes == p.Second.Version.Attributes
                && p.First.Version.ContentType == p.Second.Version.ContentType
                && p.First.Version.Properties == p.Second.Version.Properties
                && p.First.Version.Tags!.SequenceEqual(p.Second.Version.Tags!));
    }

    [Property(MaxTest = 300)]
    public Property Open_AnyFlippedBit_Fails400(PositiveInt position)
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Key, "k1", 2, [1, 2, 3], true, 0), Key, Created);
        var bit = position.Get % (blob.Length * 8);
        blob[bit / 8] ^= (byte)(1 << (bit % 8));
        return Prop.ToProperty(Fails400(blob, ObjectKind.Key));
    }

    [Property(MaxTest = 300)]
    public bool Open_Truncated_Fails400(NonNegativeInt cut)
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Key, "k1", 2, [1, 2, 3], true, 0), Key, Created);
        return Fails400(blob[..(cut.Get % blob.Length)], ObjectKind.Key);
    }

    [Property]
    public bool Open_Garbage_Fails400(byte[] garbage) => Fails400(garbage, ObjectKind.Secret);

    [Property(MaxTest = 300)]
    public bool Open_SpliceOfTwoRealBlobs_Fails400(NonNegativeInt first, NonNegativeInt second)
    {
        var a = BackupBlob.Seal(Content(ObjectKind.Secret, "s1", 2, [1, 2, 3], true, 0), Key, Created);
        var b = BackupBlob.Seal(Content(ObjectKind.Secret, "s2", 1, [4, 5], true, 0), Key, Created);
        byte[] spliced = [.. a[..(first.Get % a.Length)], .. b[(second.Get % b.Length)..]];
        return spliced.AsSpan().SequenceEqual(a) || spliced.AsSpan().SequenceEqual(b) || Fails400(spliced, ObjectKind.Secret);
    }

    [Fact]
    public void Open_BlobOfAnotherKind_Fails400SayingSo()
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Key, "k1", 1, [1], true, 0), Key, Created);

        var error = Assert.Throws<KeyVaultException>(() => Open(blob, ObjectKind.Secret));

        Assert.Equal((400, BackupErrors.MalformedCode, BackupErrors.MalformedMessage), (error.Status, error.Code, error.Message));
        Assert.Contains("key backup", error.InnerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MarkerRewrittenToAnotherKind_FailsOnTheAuthenticatedHeader()
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Key, "k1", 1, [1], true, 0), Key, Created);
        var token = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var marker = Encoding.ASCII.GetBytes(BackupBlob.Marker(ObjectKind.Secret));
        byte[] forged = [(byte)marker.Length, .. marker, .. Encoding.ASCII.GetBytes(token)];

        var error = Assert.Throws<KeyVaultException>(() => Open(forged, ObjectKind.Secret));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Open_UnknownProtectionKey_Fails400()
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Secret, "s", 1, [1], true, 0), Key with { Id = "elsewhere" }, Created);

        var error = Assert.Throws<KeyVaultException>(() => Open(blob, ObjectKind.Secret));

        Assert.Equal((400, "UnknownBackupProtectionKey"), (error.Status, error.Code));
    }

    [Fact]
    public void Open_BlobWrappedWithA256KW_OpensAsBefore()
    {
        var content = Content(ObjectKind.Secret, "legacy", 2, [7, 8, 9], true, 0);
        var legacy = Rewrap(BackupBlob.Seal(content, Key, Created), JweAlgorithm.A256KW);

        var (header, opened) = Open(legacy, ObjectKind.Secret);

        Assert.Equal(new BackupHeader("kid1", ObjectKind.Secret, "sub-1", "US", 1, Created), header);
        Assert.Equal(content.Versions.Select(v => v.Version.Version), opened.Versions.Select(v => v.Version.Version));
    }

    [Theory]
    [InlineData(JweAlgorithm.DIR)]
    [InlineData(JweAlgorithm.A256GCMKW)]
    public void Open_KeyWrapAlgorithm_OnlyTheWrittenOnesOpen(JweAlgorithm wrap)
    {
        var blob = Rewrap(BackupBlob.Seal(Content(ObjectKind.Secret, "s", 1, [1], true, 0), Key, Created), wrap);

        if (wrap == JweAlgorithm.A256GCMKW)
        {
            Assert.Equal("s", Open(blob, ObjectKind.Secret).Content.Name);
        }
        else
        {
            var error = Assert.Throws<KeyVaultException>(() => Open(blob, ObjectKind.Secret));
            Assert.Equal((400, BackupErrors.MalformedCode), (error.Status, error.Code));
        }
    }

    [Fact]
    public void Seal_ContentKeyWrap_OpensWithJoseJwtsOwnA256GCMKW()
    {
        var material = RandomNumberGenerator.GetBytes(40);
        var blob = BackupBlob.Seal(Content(ObjectKind.Secret, "interop", 1, material, true, 0), Key, Created);
        var token = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);

        var payload = JWT.DecodeBytes(token, Key.Key, JweAlgorithm.A256GCMKW, JweEncryption.A256GCM);

        Assert.Equal("A256GCMKW", JWT.Headers(token)["alg"]);
        Assert.Contains("\"interop\"", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iv")]
    [InlineData("tag")]
    public void Open_KeyWrapHeaderFieldAltered_Fails400(string field)
    {
        var blob = BackupBlob.Seal(Content(ObjectKind.Secret, "s", 1, [1], true, 0), Key, Created);
        var token = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var headers = JWT.Headers(token);
        var original = (string)headers[field];
        var altered = (original[0] == 'A' ? 'B' : 'A') + original[1..];
        var headerJson = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal))))
            .Replace(original, altered, StringComparison.Ordinal);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + token[token.IndexOf('.', StringComparison.Ordinal)..];

        Assert.True(Fails400([.. blob[..(1 + blob[0])], .. Encoding.ASCII.GetBytes(forged)], ObjectKind.Secret));
    }

    [Theory]
    [InlineData(1, false)] // a 0.4 KB payload
    [InlineData(60, true)] // 60 versions: past DeflateFromBytes
    public void Seal_DeflatesOnlyLargePayloads_AndBothOpen(int versions, bool deflated)
    {
        var content = Content(ObjectKind.Secret, "s1", versions, RandomNumberGenerator.GetBytes(200), true, 0);
        var blob = BackupBlob.Seal(content, Key, Created);

        var headers = JWT.Headers(Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]));
        Assert.Equal(deflated, headers.TryGetValue("zip", out var zip) && zip as string == "DEF");
        Assert.Equal(versions, Open(blob, ObjectKind.Secret).Content.Versions.Count);
    }

    [Fact]
    public void Open_SmallPayloadDeflatedByEarlierReleases_OpensAsBefore()
    {
        var blob = Rewrap(BackupBlob.Seal(Content(ObjectKind.Key, "k1", 1, [1, 2, 3], true, 0), Key, Created), JweAlgorithm.A256GCMKW);

        Assert.Equal("DEF", JWT.Headers(Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]))["zip"]);
        Assert.Equal("k1", Open(blob, ObjectKind.Key).Content.Name);
    }

    [Fact]
    public void Seal_HoldsNoPlaintext()
    {
        var material = Encoding.UTF8.GetBytes("plaintext-canary-value-123456");

        var blob = BackupBlob.Seal(Content(ObjectKind.Secret, "s", 1, material, true, 0), Key, Created);

        Assert.True(blob.AsSpan().IndexOf(material) < 0);
        Assert.StartsWith("\u0014CofferSecretBackupV1", Encoding.ASCII.GetString(blob), StringComparison.Ordinal);
    }

    private static BackupContent Content(ObjectKind kind, string name, int versions, byte[] material, bool enabled, int nbf) =>
        new(kind, name, "{\"policy\":true}", Enumerable.Range(0, versions).Select(i => new PlainVersion(
            new ObjectVersion(
                Guid.NewGuid().ToString("N"), Created.AddDays(i), Created.AddDays(i + 1),
                new ObjectAttributes(enabled, nbf == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(nbf), null),
                new Dictionary<string, string> { ["v"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                "text/plain", [], "{\"kty\":\"RSA\"}"),
            material)).ToList());

    /// <summary>The same blob with its content key wrapped by <paramref name="wrap"/> (header fields kept).</summary>
    private static byte[] Rewrap(byte[] blob, JweAlgorithm wrap)
    {
        var token = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var headers = JWT.Headers(token).Where(h => h.Key is not ("alg" or "enc" or "zip" or "iv" or "tag"))
            .ToDictionary(h => h.Key, h => h.Value is System.Text.Json.JsonElement e && e.ValueKind == System.Text.Json.JsonValueKind.Number ? e.GetInt64() : h.Value);
        var rewrapped = JWT.EncodeBytes(JWT.DecodeBytes(token, Key.Key), Key.Key, wrap, JweEncryption.A256GCM, JweCompression.DEF, headers);
        return [.. blob[..(1 + blob[0])], .. Encoding.ASCII.GetBytes(rewrapped)];
    }

    private static (BackupHeader Header, BackupContent Content) Open(byte[] blob, ObjectKind kind) =>
        BackupBlob.OpenAsync(blob, kind, (id, _) => Task.FromResult(id == Key.Id ? Key : null), default).GetAwaiter().GetResult();

    private static bool Fails400(byte[] blob, ObjectKind kind)
    {
        try
        {
            Open(blob, kind);
            return false;
        }
        catch (KeyVaultException e)
        {
            return e.Status == 400;
        }
    }
}
