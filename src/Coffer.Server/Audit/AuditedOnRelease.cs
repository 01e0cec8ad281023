namespace Coffer.Server.Audit;

/// <summary>
/// Endpoint metadata for a POST that changes nothing and hands out what it computed (a backup blob, a
/// signature, an unwrapped key). Its one audit entry, with the status its result carries, is stored
/// between the handler and the result (<see cref="AuditedOnReleaseFilter"/>), so nothing leaves
/// unrecorded; a write instead stores an attempt entry before it runs and an outcome entry after.
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
    /// <summary>Marks an endpoint, or every endpoint of a group, <see cref="Audit.AuditedOnRelease"/>.</summary>
    public static TBuilder AuditedOnRelease<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Audit.AuditedOnRelease.Instance).AddEndpointFilter<TBuilder, AuditedOnReleaseFilter>();
}
