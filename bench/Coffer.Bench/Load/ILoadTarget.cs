namespace Coffer.Bench.Load;

/// <summary>A server under load with one connection pool per client: Coffer through the SDK, or the floor.</summary>
internal interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    ServerLogTally ServerLog { get; }

    Task SetAsync(int client, string name, string value, CancellationToken cancellationToken);

    Task GetAsync(int client, string name, CancellationToken cancellationToken);
}
