namespace Coffer.Core.Storage;

/// <summary>One whole object to insert: every version, oldest first, and its object-level policy.</summary>
public sealed record ObjectInsert(ObjectRef Obj, IReadOnlyList<ObjectVersion> Versions, string? Policy);
