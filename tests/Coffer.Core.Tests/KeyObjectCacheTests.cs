using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;

namespace Coffer.Core.Tests;

/// <summary>The key object cache's own rules: what it keeps, when it imports again, what eviction frees and when.</summary>
public sealed class KeyObjectCacheTests
{
    private static readonly KeyVersionRef Version = KeyVersionRef.For("Vault1", "Key-1", new string('a', 32));

    [Fact]
    public void Lease_SameSealedMaterialTwice_OpensAndImportsOnce()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Ec());

        Sign(cache, Version, material.Sealed, material);
        Sign(cache, KeyVersionRef.For("VAULT1", "key-1", new string('A', 32)), material.Sealed, material);

        Assert.Equal(1, material.Opened);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.Bytes > 0);
    }

    [Fact]
    public void Lease_OtherSealedMaterialForTheSameVersion_UsesTheNewMaterial()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var first = new Material(Ec());
        var second = new Material(Ec());
        Sign(cache, Version, first.Sealed, first);

        var digest = RandomNumberGenerator.GetBytes(32);
        byte[] signature;
        using (var lease = cache.Lease(Version, second.Sealed, cache.Evictions, second.Open))
        {
            signature = KeyCryptography.Sign(lease.Key, "ES256", digest);
        }

        Assert.Equal(1, second.Opened);
        using var secondKey = second.Jwk.ToEcdsa();
        Assert.True(secondKey.VerifyHash(digest, signature));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Lease_TwoAtOnce_LendsTwoObjects_ThenKeepsBoth()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Ec());

        var one = cache.Lease(Version, material.Sealed, cache.Evictions, material.Open);
        var bytesWithOne = cache.Bytes;
        var two = cache.Lease(Version, material.Sealed, cache.Evictions, material.Open);

        Assert.NotSame(one.Key, two.Key);
        Assert.Equal(1, material.Opened);
        Assert.True(cache.Bytes > bytesWithOne);
        var (first, second) = (one.Key, two.Key);
        one.Dispose();
        two.Dispose();
        using var three = cache.Lease(Version, material.Sealed, cache.Evictions, material.Open);
        Assert.True(three.Key == first || three.Key == second);
    }

    [Fact]
    public void Evict_IdleKey_DisposesItAndZeroesTheMaterial()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Ec());
        ImportedKey key;
        using (var lease = cache.Lease(Version, material.Sealed, cache.Evictions, material.Open))
        {
            key = lease.Key;
        }

        cache.Evict("VAULT1", "KEY-1");

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.Throws<ObjectDisposedException>(() => key.Ecdsa!.SignHash(new byte[32]));
        Assert.All(material.Cached!.D!, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Evict_WhileLeased_TheKeyWorksUntilReturned_ThenIsDisposed()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Rsa());
        var lease = cache.Lease(Version, material.Sealed, cache.Evictions, material.Open);

        cache.Evict("vault1", "key-1");

        var key = lease.Key;
        Assert.Equal(256, KeyCryptography.Sign(key, "RS256", new byte[32]).Length);
        Assert.NotEqual(0, material.Cached!.D!.Max());
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Rsa!.SignHash(new byte[32], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.All(material.Cached.D!, b => Assert.Equal(0, b));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Lease_AnEvictionSinceTheStoreRead_IsUsedOnceAndNotKept()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Ec());
        var seen = cache.Evictions;
        cache.Evict("vault1", "key-1"); // a change committed between the request's store read and its lease

        ImportedKey key;
        using (var lease = cache.Lease(Version, material.Sealed, seen, material.Open))
        {
            key = lease.Key;
            Assert.Equal(64, KeyCryptography.Sign(key, "ES256", new byte[32]).Length);
        }

        Assert.Equal(0, cache.Count);
        Assert.Throws<ObjectDisposedException>(() => key.Ecdsa!.SignHash(new byte[32]));
    }

    [Fact]
    public void EvictVault_DropsOnlyThatVaultsKeys()
    {
        using var cache = new KeyObjectCache(KeyObjectCacheLimits.Default);
        var material = new Material(Ec());
        Sign(cache, KeyVersionRef.For("v1", "k", new string('1', 32)), material.Sealed, material);
        Sign(cache, KeyVersionRef.For("v2", "k", new string('1', 32)), material.Sealed, material);

        cache.EvictVault("V1");

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Lease_CacheTurnedOff_KeepsNothing()
    {
        using var cache = new KeyObjectCache(new KeyObjectCacheLimits(0, KeyObjectCacheLimits.DefaultMaxBytes));
        var material = new Material(Ec());

        Sign(cache, Version, material.Sealed, material);
        Sign(cache, Version, material.Sealed, material);

        Assert.Equal(2, material.Opened);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Theory]
    [InlineData(500, 64L * 1024 * 1024)] // the count binds
    [InlineData(10_000, 256L * 1024)] // the bytes bind
    public void Lease_TenThousandVersionsInTurn_StaysWithinTheLimits(int maxKeys, long maxBytes)
    {
        using var cache = new KeyObjectCache(new KeyObjectCacheLimits(maxKeys, maxBytes));
        var material = new Material(Ec());
        var peakCount = 0;
        var peakBytes = 0L;

        for (var i = 0; i < 10_000; i++)
        {
            Sign(cache, KeyVersionRef.For("v", $"k{i}", i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)), material.Sealed, material);
            peakCount = Math.Max(peakCount, cache.Count);
            peakBytes = Math.Max(peakBytes, cache.Bytes);
        }

        Assert.Equal(10_000, material.Opened);
        Assert.True(peakCount <= maxKeys, $"{peakCount} keys held");
        Assert.True(peakBytes <= maxBytes, $"{peakBytes} bytes held");
        Assert.True(cache.Count >= Math.Min(maxKeys, 10), "the cache keeps what fits");
        Sign(cache, KeyVersionRef.For("v", "k9999", 9999.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)), material.Sealed, material);
        Assert.Equal(10_000, material.Opened); // the most recent is still there
    }

    [Fact]
    public async Task Lease_ManyThreadsWithEvictions_EveryLeaseSignsAndTheBooksBalance()
    {
        using var cache = new KeyObjectCache(new KeyObjectCacheLimits(3, KeyObjectCacheLimits.DefaultMaxBytes));
        var materials = Enumerable.Range(0, 5).Select(_ => new Material(Ec())).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var n = (worker + i) % materials.Length;
                if (i % 50 == 0)
                {
                    cache.Evict("v", $"k{n}");
                }

                Sign(cache, KeyVersionRef.For("v", $"k{n}", new string('0', 32)), materials[n].Sealed, materials[n]);
            }
        })));

        Assert.True(cache.Count <= 3);
        cache.EvictAll();
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    private static void Sign(KeyObjectCache cache, KeyVersionRef version, byte[] sealedMaterial, Material material)
    {
        using var lease = cache.Lease(version, sealedMaterial, cache.Evictions, material.Open);
        Assert.NotEmpty(KeyCryptography.Sign(lease.Key, lease.Key.Kty == KeyTypes.Ec ? "ES256" : "RS256", new byte[32]));
    }

    private static JsonWebKeyMaterial Ec()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return JsonWebKeyMaterial.FromEcdsa(ecdsa, KeyTypes.Ec, Curves.P256);
    }

    private static JsonWebKeyMaterial Rsa()
    {
        using var rsa = RSA.Create(2048);
        return JsonWebKeyMaterial.FromRsa(rsa, KeyTypes.Rsa);
    }

    /// <summary>Stands for a stored version's material: its sealed form, and the unsealing the cache calls when it must import.</summary>
    private sealed class Material(JsonWebKeyMaterial jwk)
    {
        private int _opened;

        public JsonWebKeyMaterial Jwk { get; } = jwk;

        public byte[] Sealed { get; } = RandomNumberGenerator.GetBytes(64);

        public int Opened => Volatile.Read(ref _opened);

        /// <summary>The last material handed to the cache, which the cache owns (and zeroes).</summary>
        public JsonWebKeyMaterial? Cached { get; private set; }

        public JsonWebKeyMaterial Open()
        {
            Interlocked.Increment(ref _opened);
            var copy = JsonWebKeyMaterial.Deserialize(Jwk.Serialize());
            Cached = copy;
            return copy;
        }
    }
}
