using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Coffer.Bench.Load;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;
using Coffer.Core.Storage;
using Coffer.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.Keys;

/// <summary>
/// The whole <c>keys</c> run: two in-process Coffers (RSA pool on and off) and a key operations floor; sign, verify,
/// wrap, unwrap, encrypt and decrypt phases against the floor, the sign request's steps one by one, then RSA-2048 creates.
/// </summary>
internal static class KeysRun
{
    private const int RsaSize = 2048;
    private static readonly TimeSpan PoolDeadline = TimeSpan.FromSeconds(60);
    private static readonly byte[] RsaCreate = JsonSerializer.SerializeToUtf8Bytes(new KeyCreateRequest("RSA", RsaSize), KeyJsonContext.Default.KeyCreateRequest);

    public static async Task<int> RunAsync(KeysSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var sign = settings.Sign;
        var environment = string.Create(CultureInfo.InvariantCulture,
            $"Coffer keys bench: {sign.Clients} clients, {sign.PhaseDuration.TotalSeconds:0.#} s per sign phase in {sign.Rounds} rounds; " +
            $"{settings.SequentialCreates} sequential RSA-2048 creates, {settings.Create.PhaseDuration.TotalSeconds:0.#} s of concurrent ones; ") +
            RunEnvironment.Machine(RunEnvironment.Configuration());
        await output.WriteLineAsync(environment);

        using var keyFloor = new KeyFloor();
        await using var floor = await FloorHost.StartAsync(keyFloor.Map, cancellationToken);
        await using var pooled = await InProcessCoffer.StartAsync(o => o.RsaKeyPoolSize = settings.PoolSize, cancellationToken);
        await using var unpooled = await InProcessCoffer.StartAsync(o => o.RsaKeyPoolSize = 0, cancellationToken);
        var token = await pooled.GetTokenAsync(cancellationToken);
        using var cofferClients = new VaultHttpClients(pooled.Server.Authority.Certificate, sign.Clients, token);
        using var unpooledClients = new VaultHttpClients(unpooled.Server.Authority.Certificate, sign.Clients, await unpooled.GetTokenAsync(cancellationToken));
        using var floorClients = new VaultHttpClients(floor.Ca, sign.Clients, token);

        // Key operations: the floor's keys imported through the API, so both targets hold the same ones.
        var rsaVersion = await ImportKeyAsync(cofferClients, pooled.DefaultVaultUrl, KeyFloor.RsaKeyName, keyFloor, cancellationToken);
        var ecVersion = await ImportKeyAsync(cofferClients, pooled.DefaultVaultUrl, KeyFloor.EcKeyName, keyFloor, cancellationToken);
        var bodies = new KeyOperationLoad.Bodies(keyFloor);
        var cofferLoad = new KeyOperationLoad(cofferClients, pooled.DefaultVaultUrl, rsaVersion, ecVersion, bodies);
        var floorLoad = new KeyOperationLoad(floorClients, floor.VaultUrl(pooled.Deployment.DefaultVaultName), rsaVersion, ecVersion, bodies);
        await WaitForPoolAsync(pooled, settings.PoolSize, cancellationToken);
        await InterleavedPhase.WarmUpAsync("coffer key operations warm-up", sign, 50_000, cofferLoad.Mixed(), output, cancellationToken);
        await InterleavedPhase.WarmUpAsync("floor key operations warm-up", sign, 50_000, floorLoad.Mixed(), output, cancellationToken);
        var operationPhases = new List<PhaseResult>();
        var comparisons = new List<PhaseComparison>();
        for (var i = 0; i < KeyOperationLoad.Phases.Count; i++)
        {
            var phase = KeyOperationLoad.Phases[i].Phase;
            var results = await InterleavedPhase.RunAsync(phase, ["coffer", "floor"], sign, output,
                [cofferLoad.Operation(i), floorLoad.Operation(i)], cancellationToken);
            operationPhases.AddRange(results);
            comparisons.Add(PhaseComparison.From(phase, results[0], results[1]));
        }

        await output.WriteLineAsync("  sign steps, one thread...");
        var signSteps = await SignStepsAsync(pooled, keyFloor, token, rsaVersion, ecVersion, bodies.Digests[0], cancellationToken);
        if (settings.SkipCreates)
        {
            return await ReportAsync(settings, output, environment, operationPhases, [], [pooled, unpooled], floor,
                new KeysSummary(sign.Clients, sign.PhaseDuration.TotalSeconds, Environment.ProcessorCount, comparisons, signSteps, settings.PoolSize,
                    null, null, [], 0, 0), cancellationToken);
        }

        // Create: the same RSA-2048 request with the pool and without.
        var pooledName = $"pool={settings.PoolSize}";
        var cofferCreate = CreateOperation(cofferClients, pooled.DefaultVaultUrl);
        var unpooledCreate = CreateOperation(unpooledClients, unpooled.DefaultVaultUrl);
        for (var i = 0; i < 2; i++)
        {
            await cofferCreate(0, "warmup-" + i, cancellationToken);
            await unpooledCreate(0, "warmup-" + i, cancellationToken);
        }

        await WaitForPoolAsync(pooled, settings.PoolSize, cancellationToken);
        var pooledSequential = await SequentialAsync($"{pooledName} create x1", settings, cofferCreate, output, cancellationToken);
        await WaitForPoolAsync(pooled, settings.PoolSize, cancellationToken); // its refill must not overlap the other series
        var unpooledSequential = await SequentialAsync("pool=0 create x1", settings, unpooledCreate, output, cancellationToken);
        var concurrent = await InterleavedPhase.RunAsync($"create x{settings.Create.Clients}", [pooledName, "pool=0"], settings.Create, output,
            [Named(cofferCreate), Named(unpooledCreate)], cancellationToken,
            beforeSlice: (_, token) => WaitForPoolAsync(pooled, settings.PoolSize, token));
        await WaitForPoolAsync(pooled, settings.PoolSize, cancellationToken);
        await output.WriteLineAsync("  RSA-2048 generation alone, one thread...");
        var generation = await GenerationStepsAsync(cancellationToken);

        return await ReportAsync(settings, output, environment, operationPhases, [pooledSequential, unpooledSequential, concurrent[0], concurrent[1]],
            [pooled, unpooled], floor,
            new KeysSummary(sign.Clients, sign.PhaseDuration.TotalSeconds, Environment.ProcessorCount, comparisons, signSteps, settings.PoolSize,
                Series(pooledSequential, unpooledSequential, settings.PoolSize), Series(concurrent[0], concurrent[1], settings.PoolSize), generation, 0, 0),
            cancellationToken);
    }

    private static async Task<int> ReportAsync(
        KeysSettings settings, TextWriter output, string environment, IReadOnlyList<PhaseResult> operationPhases, IReadOnlyList<PhaseResult> createPhases,
        InProcessCoffer[] coffers, FloorHost floor, KeysSummary summary, CancellationToken cancellationToken)
    {
        summary = summary with
        {
            ServerWarnings = coffers.Sum(c => c.ServerLog.Warnings) + floor.ServerLog.Warnings,
            ServerErrors = coffers.Sum(c => c.ServerLog.Errors) + floor.ServerLog.Errors,
        };
        await output.WriteLineAsync();
        await KeysReport.WriteAsync(output, environment, summary, operationPhases, createPhases,
            [($"coffer pool={settings.PoolSize}", coffers[0].ServerLog), ("coffer pool=0", coffers[1].ServerLog), ("floor", floor.ServerLog)]);
        var json = JsonSerializer.Serialize(summary, KeysSummaryJsonContext.Default.KeysSummary);
        await output.WriteLineAsync(json);
        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, json + Environment.NewLine, cancellationToken);
        }

        return 0;
    }

    /// <summary>Imports the floor's key under <paramref name="name"/> through the API and returns its version (the last segment of its kid).</summary>
    private static async Task<string> ImportKeyAsync(VaultHttpClients clients, Uri vaultUrl, string name, KeyFloor floor, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(floor.ImportRequest(name), KeyJsonContext.Default.KeyImportRequest);
        using var bundle = await clients.PutAsync(0, VaultHttpClients.Url(vaultUrl, $"keys/{name}"), body, cancellationToken);
        var kid = bundle.RootElement.GetProperty("key").GetProperty("kid").GetString()
            ?? throw new InvalidDataException($"Importing key {name} answered no kid.");
        return kid[(kid.LastIndexOf('/') + 1)..];
    }

    private static Func<int, string, CancellationToken, Task> CreateOperation(VaultHttpClients clients, Uri vaultUrl) =>
        async (client, name, cancellationToken) =>
        {
            using var _ = await clients.PostAsync(client, VaultHttpClients.Url(vaultUrl, $"keys/{name}/create"), RsaCreate, cancellationToken);
        };

    private static Func<int, int, CancellationToken, Task> Named(Func<int, string, CancellationToken, Task> create) =>
        (client, seq, cancellationToken) => create(client, string.Create(CultureInfo.InvariantCulture, $"par-{client}-{seq}"), cancellationToken);

    private static async Task<PhaseResult> SequentialAsync(
        string label, KeysSettings settings, Func<int, string, CancellationToken, Task> create, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await LoadPhase.RunAsync(label, 1, KeysSettings.SequentialDeadline, settings.SequentialCreates, 0,
            (client, seq, token) => create(client, string.Create(CultureInfo.InvariantCulture, $"seq-{seq}"), token), cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {result.Succeeded} creates in {result.Elapsed.TotalSeconds:0.0} s, p50 {result.P50Ms:0.0} ms, {result.Failed} errors"));
        return result;
    }

    /// <summary>Polls (bounded) until the pooled server holds its full pool of RSA-2048 keys again.</summary>
    private static async Task WaitForPoolAsync(InProcessCoffer coffer, int size, CancellationToken cancellationToken)
    {
        var pool = coffer.Services.GetRequiredService<RsaKeyPool>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PoolDeadline);
        while (pool.Available(RsaSize) < size)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The RSA pool did not refill to {size} within {PoolDeadline.TotalSeconds} s.");
            }
        }
    }

    private static CreateSeries Series(PhaseResult pooled, PhaseResult unpooled, int poolSize) =>
        new(PhaseSummary.From(pooled), PhaseSummary.From(unpooled),
            unpooled.OpsPerSecond > 0 ? LoadSummary.Round(pooled.OpsPerSecond / unpooled.OpsPerSecond, 3) : null,
            FirstMedian(pooled, poolSize), FirstMedian(unpooled, poolSize));

    /// <summary>Median latency of a one-client series' first <paramref name="count"/> operations; null for many clients.</summary>
    private static double? FirstMedian(PhaseResult phase, int count) =>
        phase.Tallies.Count == 1 && phase.Tallies[0].LatenciesMs.Count > 0
            ? LoadSummary.Round(ColdStartSeries.Median(phase.Tallies[0].LatenciesMs.Take(count)), 3)
            : null;

    /// <summary>Each step of Coffer's sign request alone, beside the floor's whole work (SignHash with a loaded key).</summary>
    private static async Task<IReadOnlyList<StepCost>> SignStepsAsync(
        InProcessCoffer coffer, KeyFloor floor, string token, string rsaVersion, string ecVersion, byte[] digest, CancellationToken cancellationToken)
    {
        var services = coffer.Services;
        var validator = services.GetRequiredService<TokenValidator>();
        var store = services.GetRequiredService<IObjectStore>();
        var sealer = services.GetRequiredService<EnvelopeSealer>();
        var keys = services.GetRequiredService<KeyService>();
        var vault = await services.GetRequiredService<IVaultStore>().GetAsync(coffer.Deployment.DefaultVaultName, cancellationToken)
            ?? throw new InvalidOperationException("The default vault is missing.");
        var steps = new List<StepCost>
        {
            await StepCost.MeasureAsync("token validation (RS256 JWT)", 20_000, async _ => await validator.ValidateAsync(token), cancellationToken),
        };
        foreach (var (alg, name, version) in new[] { ("RS256", KeyFloor.RsaKeyName, rsaVersion), ("ES256", KeyFloor.EcKeyName, ecVersion) })
        {
            var obj = new ObjectRef(vault.Name, ObjectKind.Key, name);
            var stored = await store.GetVersionAsync(obj, version, cancellationToken) ?? throw new InvalidOperationException($"Key {name} is missing.");
            var plain = sealer.Open(stored.SealedMaterial, obj, version);
            var material = JsonWebKeyMaterial.Deserialize(plain);
            steps.Add(await StepCost.MeasureAsync($"{alg}: store read of the version (SQLite)", 20_000,
                async _ => await store.GetVersionAsync(obj, version, cancellationToken), cancellationToken));
            steps.Add(await StepCost.MeasureAsync($"{alg}: unseal material (AES-GCM)", 50_000, _ => sealer.Open(stored.SealedMaterial, obj, version), cancellationToken));
            steps.Add(await StepCost.MeasureAsync($"{alg}: parse JWK", 50_000, _ => JsonWebKeyMaterial.Deserialize(plain), cancellationToken));
            steps.Add(await StepCost.MeasureAsync($"{alg}: import key (ToRsa/ToEcdsa)", 20_000, _ =>
            {
                using AsymmetricAlgorithm key = alg == "RS256" ? material.ToRsa() : material.ToEcdsa();
            }, cancellationToken));
            steps.Add(await StepCost.MeasureAsync($"{alg}: import key, then SignHash", 20_000, _ =>
            {
                using var imported = ImportedKey.From(material);
                KeyCryptography.Sign(imported, alg, digest);
            }, cancellationToken));
            steps.Add(await StepCost.MeasureAsync($"{alg}: KeyService.OperateAsync (store read, cached key object, SignHash)", 20_000,
                async _ => await keys.OperateAsync(vault, name, version, KeyOperations.Sign, k => KeyCryptography.Sign(k, alg, digest), cancellationToken),
                cancellationToken));
            steps.Add(alg == "RS256"
                ? await StepCost.MeasureAsync("RS256: SignHash on a loaded key (floor)", 20_000,
                    _ => floor.Rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), cancellationToken)
                : await StepCost.MeasureAsync("ES256: SignHash on a loaded key (floor)", 20_000, _ => floor.Ec.SignHash(digest), cancellationToken));
        }

        return steps;
    }

    /// <summary>
    /// RSA-2048 generation on one thread: <c>RSA.Create(2048)</c> alone, and with the key used
    /// (<c>ExportParameters</c>) — on OpenSSL the key may only be generated when first used.
    /// </summary>
    private static async Task<IReadOnlyList<StepCost>> GenerationStepsAsync(CancellationToken cancellationToken) =>
    [
        await StepCost.MeasureAsync("RSA.Create(2048), unused", 2_000, _ => RSA.Create(RsaSize).Dispose(), cancellationToken),
        await StepCost.MeasureAsync("RSA.Create(2048), then ExportParameters(true)", 22, TimeSpan.FromSeconds(6), _ =>
        {
            using var rsa = RSA.Create(RsaSize);
            rsa.ExportParameters(true);
            return Task.CompletedTask;
        }, cancellationToken),
    ];
}
