using System.Collections.Concurrent;
using System.Globalization;

namespace Coffer.Bench.Backup;

/// <summary>
/// Where each restore goes: a blob restores once per vault (a second time would be a 409), so restores
/// take (vault, blob) pairs in order — blob 0..N-1 into <c>restore-0</c>, then into <c>restore-1</c>... —
/// and each vault is created, through <see cref="VaultMaker"/>, when the one before it starts filling.
/// One instance per server and kind; targets sharing a server share it.
/// </summary>
internal sealed class RestoreVaults(VaultMaker maker, int blobs)
{
    private long _next = -1;

    /// <summary>Vaults handed out so far.</summary>
    public int Used => (int)((Interlocked.Read(ref _next) / blobs) + 1);

    public async Task<(string Vault, int Blob)> NextAsync(CancellationToken cancellationToken)
    {
        var next = Interlocked.Increment(ref _next);
        var vault = (int)(next / blobs);
        var blob = (int)(next % blobs);
        if (blob == 0)
        {
            maker.Prepare(Name(vault + 1)); // ahead of need, so restores rarely wait for a vault
        }

        await maker.EnsureAsync(Name(vault), cancellationToken);
        return (Name(vault), blob);
    }

    public static string Name(int vault) => string.Create(CultureInfo.InvariantCulture, $"restore-{vault}");
}

/// <summary>Creates each named vault once, however many callers ask for it at the same time.</summary>
internal sealed class VaultMaker(Func<string, Task> create)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _vaults = new(StringComparer.OrdinalIgnoreCase);

    public int Created => _vaults.Count;

    public Task EnsureAsync(string vault, CancellationToken cancellationToken) =>
        Get(vault).WaitAsync(cancellationToken);

    /// <summary>Starts creating <paramref name="vault"/> without waiting; a failure surfaces at <see cref="EnsureAsync"/>.</summary>
    public void Prepare(string vault) => _ = Get(vault);

    private Task Get(string vault) => _vaults.GetOrAdd(vault, name => new Lazy<Task>(() => create(name))).Value;
}
