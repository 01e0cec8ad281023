namespace Coffer.Server.Audit;

/// <summary>
/// Endpoint metadata for a POST that changes nothing and hands out what it computed (a backup blob, a
/// signature, an unwrapped key). Its answer is held back until its one audit entry, with the status, is
/// stored; a write instead stores an attempt entry before it runs and an outcome entry after.
/// </summary>
internal sealed class AuditedOnRelease
{
    public static readonly AuditedOnRelease Instance = new();

    private AuditedOnRelease()
    {
    }
}

internal static class AuditedOnReleaseExtensions
{
    public static TBuilder AuditedOnRelease<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(Audit.AuditedOnRelease.Instance);
}
