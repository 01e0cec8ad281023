using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary>
/// Sign requests for one target: <c>POST {vault}/keys/{name}/{version}/sign</c> with <c>{"alg","value"}</c>,
/// the bodies made once (random SHA-256 digests) and sent byte for byte alike to Coffer and the floor.
/// </summary>
internal sealed class SignLoad(VaultHttpClients clients, Uri vaultUrl, string rsaVersion, string ecVersion, SignLoad.Bodies bodies)
{
    private readonly Uri _rsaUrl = VaultHttpClients.Url(vaultUrl, $"keys/{KeyFloor.RsaKeyName}/{rsaVersion}/sign");
    private readonly Uri _ecUrl = VaultHttpClients.Url(vaultUrl, $"keys/{KeyFloor.EcKeyName}/{ecVersion}/sign");

    public Task Rs256Async(int client, int seq, CancellationToken cancellationToken) =>
        clients.PostAsync(client, _rsaUrl, bodies.Rs256[(client + seq) % bodies.Rs256.Length], KeyJsonContext.Default.SignResult, cancellationToken);

    public Task Es256Async(int client, int seq, CancellationToken cancellationToken) =>
        clients.PostAsync(client, _ecUrl, bodies.Es256[(client + seq) % bodies.Es256.Length], KeyJsonContext.Default.SignResult, cancellationToken);

    /// <summary>Warm-up: RS256 and ES256 in turn.</summary>
    public Task EitherAsync(int client, int seq, CancellationToken cancellationToken) =>
        seq % 2 == 0 ? Rs256Async(client, seq, cancellationToken) : Es256Async(client, seq, cancellationToken);

    /// <summary>Request bodies shared by every target: same digests, same bytes.</summary>
    internal sealed class Bodies
    {
        private const int Count = 64;

        public Bodies()
        {
            Digests = [.. Enumerable.Range(0, Count).Select(_ => RandomNumberGenerator.GetBytes(32))];
            Rs256 = Make("RS256");
            Es256 = Make("ES256");
        }

        public byte[][] Digests { get; }

        public byte[][] Rs256 { get; }

        public byte[][] Es256 { get; }

        private byte[][] Make(string alg) =>
            [.. Digests.Select(d => JsonSerializer.SerializeToUtf8Bytes(new SignRequest(alg, Base64Url.EncodeToString(d)), KeyJsonContext.Default.SignRequest))];
    }
}
