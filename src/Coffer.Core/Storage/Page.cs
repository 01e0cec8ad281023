namespace Coffer.Core.Storage;

/// <summary>At most <see cref="MaxResults"/> items after the opaque position <see cref="After"/>.</summary>
public sealed record PageRequest(int MaxResults, string? After);

/// <summary>A page of items and the position to continue from, or null when there is no more.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
