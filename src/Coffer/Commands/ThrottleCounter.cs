using Azure.Core;
using Azure.Core.Pipeline;

namespace Coffer.Cli.Commands;

/// <summary>
/// Counts the 429 answers Azure.Core's retry policy waits out (it sits after that policy, so it sees every
/// try) and the <c>Retry-After</c> seconds they asked for, for the summary of a long run.
/// </summary>
internal sealed class ThrottleCounter : HttpPipelinePolicy
{
    private int _throttled;
    private long _retryAfterMilliseconds;

    public int Throttled => Volatile.Read(ref _throttled);

    public TimeSpan RetryAfter => TimeSpan.FromMilliseconds(Interlocked.Read(ref _retryAfterMilliseconds));

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 429)
        {
            return;
        }

        Interlocked.Increment(ref _throttled);
        if (message.Response.Headers.TryGetValue("Retry-After", out var value)
            && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            Interlocked.Add(ref _retryAfterMilliseconds, (long)(seconds * 1000));
        }
    }
}
