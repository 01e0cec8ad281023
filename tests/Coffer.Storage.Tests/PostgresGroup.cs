using Coffer.Tests;

namespace Coffer.Storage.Tests;

/// <summary>The PostgreSQL test classes share one throw-away cluster; each test has a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
