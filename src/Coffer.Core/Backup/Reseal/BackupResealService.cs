using Coffer.Core.Backup.Archive;
using Coffer.Core.Errors;

namespace Coffer.Core.Backup.Reseal;

/// <summary>
/// Moves a backup blob or a whole-vault archive to another (subscription, geography) on purpose: opens it under its own
/// protection key (so only what this deployment sealed, unaltered, moves), seals every object again under the target
/// pair's key (made if the pair has none, as a first backup makes it), marks the header re-sealed, and signs an archive
/// with the target's key. <see cref="OpenAsync"/> checks everything and writes nothing; the caller authorizes the move
/// between it and <see cref="ResealAsync"/>. Every fault of the input is the 400 a restore would answer.
/// </summary>
public sealed class BackupResealService(BackupProtectionKeyring keyring)
{
    /// <param name="input">A seekable stream: it is read here and again by <see cref="ResealAsync"/>.</param>
    public async Task<ResealInput> OpenAsync(Stream input, long maxBlobBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Position = 0;
        if (!await IsArchiveAsync(input, cancellationToken))
        {
            var (header, content) = await OpenBlobAsync(await ReadBlobAsync(input, maxBlobBytes, cancellationToken), cancellationToken);
            return new ResealInput(false, [header.Kind], content.Name, new BackupPair(header.SubscriptionId, header.Geography), 1);
        }

        var archiveHeader = await ArchiveAsync(() => VaultArchiveReader.VerifyAsync(input, SigningKeyAsync, null, cancellationToken));
        input.Position = 0;
        BackupPair? source = archiveHeader.Header.SubscriptionId is { } subscription && archiveHeader.Header.Geography is { } geography
            ? new BackupPair(subscription, geography)
            : null;
        var kinds = new HashSet<ObjectKind>();
        var objects = 0;
        await foreach (var (entry, header, _) in OpenArchiveAsync(input, cancellationToken))
        {
            source ??= new BackupPair(header.SubscriptionId, header.Geography);
            if (!source.Is(header.SubscriptionId, header.Geography))
            {
                throw BackupErrors.MalformedArchive(
                    $"The archive holds blobs sealed for {source} and for {header.SubscriptionId}/{header.Geography}; re-seal archives of one (subscription, geography).");
            }

            kinds.Add(entry.Kind);
            objects++;
        }

        return new ResealInput(true, [.. kinds.Order()], archiveHeader.Header.Vault,
            source ?? throw BackupErrors.MalformedArchive("The archive holds no object, so there is nothing to re-seal."), objects);
    }

    /// <summary>Writes <paramref name="input"/> (opened by <see cref="OpenAsync"/>) sealed for <paramref name="target"/> to <paramref name="output"/>.</summary>
    public async Task ResealAsync(Stream input, ResealInput opened, BackupPair target, BackupResealMark mark, Stream output, long maxBlobBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        if (opened.Source.Is(target.SubscriptionId, target.Geography))
        {
            throw KeyVaultErrors.BadParameter($"The input is already sealed for {target}; there is nothing to re-seal.");
        }

        var key = await keyring.GetOrCreateAsync(target.SubscriptionId, target.Geography, cancellationToken);
        input.Position = 0;
        if (!opened.IsArchive)
        {
            var (header, content) = await OpenBlobAsync(await ReadBlobAsync(input, maxBlobBytes, cancellationToken), cancellationToken);
            await output.WriteAsync(BackupBlob.Seal(content, key, header.Created, mark), cancellationToken);
            return;
        }

        var archiveHeader = await ArchiveAsync(() => VaultArchiveReader.ReadHeaderAsync(input, cancellationToken));
        input.Position = 0;
        var moved = archiveHeader with
        {
            SubscriptionId = key.SubscriptionId,
            Geography = key.Geography,
            Location = null, // the target pair names a geography; which of its locations is the restoring vault's to say
            Resealed = mark,
        };
        using var writer = await VaultArchiveWriter.CreateAsync(output, moved, VaultArchiveSigningKey.From(key), cancellationToken);
        await foreach (var (entry, header, content) in OpenArchiveAsync(input, cancellationToken))
        {
            await writer.AddAsync(entry.Kind, entry.Name, BackupBlob.Seal(content, key, header.Created, mark), entry.Versions, entry.VersionCount,
                cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private async IAsyncEnumerable<(VaultArchiveEntry Entry, BackupHeader Header, BackupContent Content)> OpenArchiveAsync(Stream input,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var objects = VaultArchiveReader.ReadObjectsAsync(input, SigningKeyAsync, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await ArchiveAsync(() => objects.MoveNextAsync().AsTask()))
        {
            var (entry, blob) = objects.Current;
            BackupHeader header;
            BackupContent content;
            try
            {
                (header, content) = await BackupBlob.OpenAsync(blob, entry.Kind, keyring.FindAsync, cancellationToken);
            }
            catch (KeyVaultException e)
            {
                throw new KeyVaultException(e.Status, e.Code, $"{entry.Kind.DisplayName()} {entry.Name} of the archive: {e.Message}", e.InnerCode, e.InnerMessage);
            }

            if (!entry.Describes(content))
            {
                throw BackupErrors.MalformedArchive($"Vault archive is corrupt: the manifest entry of {entry.Kind.WireName()} {entry.Name} does not match its blob.");
            }

            yield return (entry, header, content);
        }
    }

    private async Task<(BackupHeader Header, BackupContent Content)> OpenBlobAsync(byte[] blob, CancellationToken cancellationToken) =>
        await BackupBlob.OpenAsync(blob, BackupBlob.ReadHeader(blob).Kind, keyring.FindAsync, cancellationToken);

    private async Task<VaultArchiveSigningKey?> SigningKeyAsync(string keyId, CancellationToken cancellationToken) =>
        await keyring.FindAsync(keyId, cancellationToken) is { } key ? VaultArchiveSigningKey.From(key) : null;

    private static async Task<bool> IsArchiveAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[VaultArchiveFormat.Magic.Length];
        var read = await input.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        input.Position = 0;
        return read == magic.Length && magic.AsSpan().SequenceEqual(VaultArchiveFormat.Magic);
    }

    private static async Task<byte[]> ReadBlobAsync(Stream input, long maxBlobBytes, CancellationToken cancellationToken)
    {
        if (input.Length > maxBlobBytes)
        {
            throw BackupErrors.Corrupt($"it is larger than a blob may be ({maxBlobBytes} bytes), and it is not a vault archive.");
        }

        var blob = new byte[input.Length];
        await input.ReadExactlyAsync(blob, cancellationToken);
        return blob;
    }

    /// <summary>An archive's own faults are its 400, as a whole-vault restore answers them.</summary>
    private static async Task<T> ArchiveAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (VaultArchiveException e)
        {
            throw BackupErrors.MalformedArchive(e.Message);
        }
    }
}
