namespace Coffer.Cli.Tests;

/// <summary>The two-node test classes share one PostgreSQL cluster and one running pair of nodes, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class TwoNodeGroup : ICollectionFixture<TwoNodeFixture>
{
    public const string Name = "two nodes";
}
