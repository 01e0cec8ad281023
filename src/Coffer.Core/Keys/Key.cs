namespace Coffer.Core.Keys;

/// <summary>A key version as the service hands it out: never with private parts.</summary>
public sealed record Key(string Name, ObjectVersion Version, KeyProperties Properties)
{
    public static Key From(string name, ObjectVersion version) =>
        new(name, version, KeyProperties.Deserialize(version.Properties ?? throw new InvalidOperationException($"Key {name} has no properties.")));
}
