namespace Coffer.Core;

/// <summary>The attributes every object version carries. Times are whole seconds, as on the wire.</summary>
public sealed record ObjectAttributes(bool Enabled, DateTimeOffset? NotBefore, DateTimeOffset? Expires)
{
    public static readonly ObjectAttributes Default = new(true, null, null);
}
