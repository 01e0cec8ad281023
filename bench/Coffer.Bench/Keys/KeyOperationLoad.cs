using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary>
/// Key operation requests for one target: <c>POST {vault}/keys/{name}/{version}/{operation}</c>, the bodies made once
/// (random digests, keys to wrap and plaintexts; signatures and ciphertexts of the floor's keys, which Coffer imports)
/// and sent byte for byte alike to Coffer and the floor.
/// </summary>
internal sealed class KeyOperationLoad(VaultHttpClients clients, Uri vaultUrl, string rsaVersion, string ecVersion, KeyOperationLoad.Bodies bodies)
{
    /// <summary>The phases, each an operation, its key and its bodies.</summary>
    public static readonly IReadOnlyList<(string Phase, string Operation, string Key)> Phases =
    [
        ("sign RS256", "sign", KeyFloor.RsaKeyName),
        ("sign ES256", "sign", KeyFloor.EcKeyName),
        ("verify RS256", "verify", KeyFloor.RsaKeyName),
        ("verify ES256", "verify", KeyFloor.EcKeyName),
        ("wrapKey RSA-OAEP-256", "wrapkey", KeyFloor.RsaKeyName),
        ("unwrapKey RSA-OAEP-256", "unwrapkey", KeyFloor.RsaKeyName),
        ("encrypt RSA-OAEP-256", "encrypt", KeyFloor.RsaKeyName),
        ("decrypt RSA-OAEP-256", "decrypt", KeyFloor.RsaKeyName),
    ];

    /// <summary>The load of <paramref name="phase"/> (an index into <see cref="Phases"/>).</summary>
    public Func<int, int, CancellationToken, Task> Operation(int phase)
    {
        var (_, operation, key) = Phases[phase];
        var url = VaultHttpClients.Url(vaultUrl, $"keys/{key}/{(key == KeyFloor.RsaKeyName ? rsaVersion : ecVersion)}/{operation}");
        var requests = bodies.ForPhase[phase];
        return operation == "verify"
            ? (client, seq, token) => clients.PostAsync(client, url, requests[(client + seq) % requests.Length], KeyJsonContext.Default.VerifyResult, token)
            : (client, seq, token) => clients.PostAsync(client, url, requests[(client + seq) % requests.Length], KeyJsonContext.Default.SignResult, token);
    }

    /// <summary>Warm-up: every phase's operation in turn.</summary>
    public Func<int, int, CancellationToken, Task> Mixed()
    {
        var operations = Enumerable.Range(0, Phases.Count).Select(Operation).ToArray();
        return (client, seq, token) => operations[seq % operations.Length](client, seq, token);
    }

    /// <summary>Request bodies shared by every target: same digests, same bytes.</summary>
    internal sealed class Bodies
    {
        private const int Count = 64;

        public Bodies(KeyFloor floor)
        {
            Digests = [.. Enumerable.Range(0, Count).Select(_ => RandomNumberGenerator.GetBytes(32))];
            var keys = Enumerable.Range(0, Count).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
            var wrapped = keys.Select(k => floor.Rsa.Encrypt(k, RSAEncryptionPadding.OaepSHA256)).ToArray();
            ForPhase =
            [
                Simple("RS256", Digests),
                Simple("ES256", Digests),
                Verify("RS256", d => floor.Rsa.SignHash(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
                Verify("ES256", d => floor.Ec.SignHash(d)),
                Simple(KeyFloor.RsaEncryption, keys),
                Simple(KeyFloor.RsaEncryption, wrapped),
                Simple(KeyFloor.RsaEncryption, keys),
                Simple(KeyFloor.RsaEncryption, wrapped),
            ];
        }

        public byte[][] Digests { get; }

        /// <summary>Per phase of <see cref="Phases"/>, its request bodies.</summary>
        public byte[][][] ForPhase { get; }

        private static byte[][] Simple(string alg, byte[][] values) =>
            [.. values.Select(v => JsonSerializer.SerializeToUtf8Bytes(new SignRequest(alg, Base64Url.EncodeToString(v)), KeyJsonContext.Default.SignRequest))];

        private byte[][] Verify(string alg, Func<byte[], byte[]> sign) =>
            [.. Digests.Select(d => JsonSerializer.SerializeToUtf8Bytes(
                new VerifyRequest(alg, Base64Url.EncodeToString(d), Base64Url.EncodeToString(sign(d))), KeyJsonContext.Default.VerifyRequest))];
    }
}
