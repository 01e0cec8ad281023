namespace Coffer.Core;

/// <summary>An object as a listing shows it: its name, its current (latest) version and, if soft-deleted, when.</summary>
public sealed record ObjectEntry(string Name, ObjectVersion Latest, DeletionInfo? Deletion);
