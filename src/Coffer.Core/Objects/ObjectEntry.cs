namespace Coffer.Core;

/// <summary>An object as a listing shows it: its name, its current (latest) version, if soft-deleted when, and its policy.</summary>
public sealed record ObjectEntry(string Name, ObjectVersion Latest, DeletionInfo? Deletion, string? Policy = null);
