using Coffer.Core.Crypto;

namespace Coffer.Core.Keys;

/// <summary>
/// One key version in <see cref="KeyObjectCache"/>: its material, the sealed form it came from, and its key objects not
/// out on lease. Every field is read and changed under the cache's lock; what an eviction frees is taken under it
/// (<see cref="TakeDisposal"/>) and freed outside.
/// </summary>
internal sealed class KeyCacheEntry(KeyVersionRef id, byte[] sealedMaterial, JsonWebKeyMaterial material, long objectBytes)
{
    private bool _zeroed;

    public KeyVersionRef Id { get; } = id;

    public byte[] SealedMaterial { get; } = sealedMaterial;

    public JsonWebKeyMaterial Material { get; } = material;

    public Stack<ImportedKey> Idle { get; } = new();

    public LinkedListNode<KeyCacheEntry>? Node { get; set; }

    /// <summary>The material, its sealed form and every key object made, as the cache counts them.</summary>
    public long Bytes { get; set; } = objectBytes + sealedMaterial.Length + material.PartBytes;

    public int Leased { get; set; }

    public bool Evicted { get; set; }

    /// <summary>
    /// Once evicted: the idle objects (and <paramref name="returned"/>, a lease's object coming back), and the material
    /// when no lease is out any more.
    /// </summary>
    public Disposal TakeDisposal(ImportedKey? returned)
    {
        var keys = Idle.ToList();
        Idle.Clear();
        if (returned is not null)
        {
            keys.Add(returned);
        }

        var zero = Leased == 0 && !_zeroed;
        _zeroed |= zero;
        return new Disposal(keys, zero ? Material : null);
    }


    /// <summary>Key objects to dispose and material to zero, taken under the cache's lock and run outside it.</summary>
    public readonly record struct Disposal(List<ImportedKey>? Keys, JsonWebKeyMaterial? Material)
    {
        public void Run()
        {
            foreach (var key in Keys ?? [])
            {
                key.Dispose();
            }

            Material?.ZeroPrivateParts();
        }

        public static void RunAll(List<Disposal>? disposals)
        {
            foreach (var disposal in disposals ?? [])
            {
                disposal.Run();
            }
        }
    }
}
