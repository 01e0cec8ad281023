namespace Coffer.Tests;

/// <summary>The throw-away cluster as an xunit fixture: started before the tests that share it, removed after them.</summary>
public sealed partial class PostgresCluster : IAsyncLifetime;
