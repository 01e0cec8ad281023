namespace Coffer.Core;

/// <summary>An update of a version: every null member is left as it is; tags, when given, replace the old ones.</summary>
public sealed record ObjectPatch(
    bool? Enabled,
    DateTimeOffset? NotBefore,
    DateTimeOffset? Expires,
    IReadOnlyDictionary<string, string>? Tags,
    string? ContentType)
{
    public ObjectVersion ApplyTo(ObjectVersion version, DateTimeOffset now) => version with
    {
        Attributes = new ObjectAttributes(
            Enabled ?? version.Attributes.Enabled,
            NotBefore ?? version.Attributes.NotBefore,
            Expires ?? version.Attributes.Expires),
        Tags = Tags ?? version.Tags,
        ContentType = ContentType ?? version.ContentType,
        Updated = now,
    };
}
