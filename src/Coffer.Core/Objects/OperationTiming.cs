namespace Coffer.Core;

/// <summary>
/// How long deletes, recovers and self-signed certificate creates stay in progress before they land, as Azure keeps them
/// for a few seconds (<c>coffer serve --azure-timing</c>); zero, the default, lands them at once. The moment an
/// operation lands is stored with it (a deletion date, a recovery time, a pending operation), never held in a node's memory, so
/// every node of a deployment sees the same state.
/// </summary>
public sealed record OperationTiming(TimeSpan Delay)
{
    public static readonly OperationTiming Immediate = new(TimeSpan.Zero);

    public bool IsImmediate => Delay <= TimeSpan.Zero;
}
