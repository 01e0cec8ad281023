using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Coffer.Server.Auth;

/// <summary>
/// The discovery document and signing keys of one external issuer, fetched only for tokens that name it, so a slow
/// or dead issuer delays its own tokens and no others. A fetch gives up after <see cref="FetchTimeout"/>. Keys are
/// kept a day, and fetched again for a token naming a key they lack — at most once per <see cref="RefreshInterval"/>:
/// such a token waits for the next fetch (every token waiting shares it), so a flood of forged key ids costs one
/// fetch per interval and cannot crowd out a rotated key's first token. A failed fetch is logged in one line and
/// starts a back-off (5 s, doubling up to a minute) during which nothing is fetched: tokens are checked at once
/// against the keys last published, or refused when there are none.
/// </summary>
internal sealed class IssuerMetadata(ExternalIssuerOptions options, HttpClient http, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromMinutes(1);

    private readonly Retriever _retriever = new(http);
    private readonly Lock _lock = new();
    private Keys? _keys;
    private Fetch? _running;
    private Fetch? _next;
    private long _fetchesStarted;
    private long _lastStart;
    private TimeSpan _backOff;
    private long _failedAt;

    /// <summary>How many fetches have started; a token notes it on arrival, to ask later for keys fetched since.</summary>
    public long FetchesStarted
    {
        get
        {
            lock (_lock)
            {
                return _fetchesStarted;
            }
        }
    }

    /// <summary>
    /// The document and keys of a fetch that started after <paramref name="fetchesSeen"/> had (0: any fetch), waiting
    /// for the next one if need be; during a back-off, without waiting, those last fetched, if any.
    /// </summary>
    public Task<OpenIdConnectConfiguration?> ConfigurationAsync(long fetchesSeen)
    {
        lock (_lock)
        {
            var backingOff = _backOff > TimeSpan.Zero && time.GetElapsedTime(_failedAt) < _backOff;
            if (_keys is { } keys && keys.Generation > fetchesSeen)
            {
                if (!backingOff && _running is null && _next is null && time.GetElapsedTime(keys.FetchedAt) > MaxAge)
                {
                    Schedule();
                }

                return Task.FromResult<OpenIdConnectConfiguration?>(keys.Configuration);
            }

            if (_running is { } running && running.Generation > fetchesSeen)
            {
                return running.Done.Task;
            }

            return backingOff ? Task.FromResult(_keys?.Configuration) : (_next ?? Schedule()).Done.Task;
        }
    }

    private Fetch Schedule()
    {
        var fetch = new Fetch();
        _next = fetch;
        var wait = _fetchesStarted == 0 ? TimeSpan.Zero : RefreshInterval - time.GetElapsedTime(_lastStart);
        _ = Task.Run(() => RunAsync(fetch, wait));
        return fetch;
    }

    private async Task RunAsync(Fetch fetch, TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }

        lock (_lock)
        {
            _next = null;
            if (_backOff > TimeSpan.Zero && time.GetElapsedTime(_failedAt) < _backOff)
            {
                // a fetch running when this one was scheduled has failed since
                fetch.Done.SetResult(_keys?.Configuration);
                return;
            }

            fetch.Generation = ++_fetchesStarted;
            _lastStart = time.GetTimestamp();
            _running = fetch;
        }

        var (configuration, failure) = await FetchAsync();
        TimeSpan backOff, previousBackOff;
        OpenIdConnectConfiguration? current;
        lock (_lock)
        {
            _running = _running == fetch ? null : _running;
            previousBackOff = _backOff;
            if (configuration is not null)
            {
                _keys = _keys is null || _keys.Generation < fetch.Generation ? new Keys(configuration, fetch.Generation, time.GetTimestamp()) : _keys;
                _backOff = TimeSpan.Zero;
            }
            else
            {
                _backOff = previousBackOff == TimeSpan.Zero ? FirstBackOff : previousBackOff * 2 < LongestBackOff ? previousBackOff * 2 : LongestBackOff;
                _failedAt = time.GetTimestamp();
            }

            backOff = _backOff;
            current = _keys?.Configuration;
        }

        if (failure is not null)
        {
            logger.LogWarning("External issuer {Issuer} is unavailable: {Address} {Failure}; next attempt in {BackOff} s.",
                options.Issuer, options.MetadataAddress, failure, backOff.TotalSeconds);
        }
        else if (previousBackOff > TimeSpan.Zero)
        {
            logger.LogInformation("External issuer {Issuer} is available again.", options.Issuer);
        }

        fetch.Done.SetResult(current);
    }

    /// <summary>The document and its keys, or why there are none: whatever the issuer's server does (refuse, hang, answer garbage), never an exception.</summary>
    private async Task<(OpenIdConnectConfiguration? Configuration, string? Failure)> FetchAsync()
    {
        using var timeout = new CancellationTokenSource(FetchTimeout, time);
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(options.MetadataAddress.AbsoluteUri, _retriever, timeout.Token);
            return configuration.SigningKeys.Count > 0 ? (configuration, null) : (null, "publishes no signing keys");
        }
        catch (Exception e)
        {
            return (null, timeout.IsCancellationRequested
                ? $"did not answer within {FetchTimeout.TotalSeconds} s"
                : $"failed ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>A fetch that tokens wait for: scheduled, then running with its <see cref="Generation"/>.</summary>
    private sealed class Fetch
    {
        public long Generation { get; set; }

        public TaskCompletionSource<OpenIdConnectConfiguration?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Keys(OpenIdConnectConfiguration Configuration, long Generation, long FetchedAt);

    /// <summary>Each document (discovery, then JWKS) over https, or plain http only to a loopback address; failures say what happened (IdentityModel's own retriever hides it as PII).</summary>
    private sealed class Retriever(HttpClient http) : IDocumentRetriever
    {
        public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !ExternalIssuerOptions.IsAcceptable(uri))
            {
                throw new InvalidOperationException($"{address} is neither https nor http to a loopback address");
            }

            using var response = await http.GetAsync(uri, cancel);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsStringAsync(cancel)
                : throw new HttpRequestException($"{address} answered {(int)response.StatusCode}");
        }
    }
}
