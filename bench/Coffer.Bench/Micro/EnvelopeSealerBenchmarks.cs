using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Core;
using Coffer.Core.Crypto;

namespace Coffer.Bench.Micro;

/// <summary>Sealing and opening a secret value, the crypto every secret set and get pays.</summary>
[MemoryDiagnoser]
public class EnvelopeSealerBenchmarks
{
    private const string Version = "0123456789abcdef0123456789abcdef";
    private static readonly ObjectRef Secret = new("bench", ObjectKind.Secret, "secret-1");
    private EnvelopeSealer _sealer = null!;
    private byte[] _plaintext = [];
    private byte[] _sealed = [];

    [Params(64, 1024, 25 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var keyring = await Keyring.LoadAsync(new InMemoryKeyringStore(), RootKey.Generate(), TimeProvider.System, CancellationToken.None);
        _sealer = new EnvelopeSealer(keyring);
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        _sealed = _sealer.Seal(_plaintext, Secret, Version);
    }

    [Benchmark]
    public byte[] Seal() => _sealer.Seal(_plaintext, Secret, Version);

    [Benchmark]
    public byte[] Open() => _sealer.Open(_sealed, Secret, Version);
}
