using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>A copy's plan, fixed when it starts: both vaults and the objects of the source, in the order they are copied.</summary>
internal sealed record VaultCopyPlan(string From, string To, DateTimeOffset Created, IReadOnlyList<PlannedObject> Objects);

/// <summary>What the copy did with one object: versions copied (old id → new id), how many were already there, what could not be copied and why, or a conflict.</summary>
internal sealed record CopiedObject(
    ObjectKind Kind,
    string Name,
    IReadOnlyList<CopiedVersion> Copied,
    int Present,
    IReadOnlyList<NotCopied> NotCopyable,
    string? Conflict = null);

/// <summary>A version copied: its id on the source and the id the target gave it (the REST API cannot choose ids). <see cref="To"/> is null in a dry run.</summary>
internal sealed record CopiedVersion(string From, string? To);

/// <summary>A version (or a whole object, <see cref="Id"/> then its id without a version) that cannot be copied, and why.</summary>
internal sealed record NotCopied(string Id, string Reason);
