namespace Coffer.Core.Storage.Transfer;

/// <summary>One table (or one part of it, such as the objects of one kind) on both sides: row counts and digests.</summary>
public sealed record StorageComparisonLine(string What, long SourceRows, long TargetRows, string SourceDigest, string TargetDigest)
{
    public bool Equal => SourceRows == TargetRows && SourceDigest == TargetDigest;
}
