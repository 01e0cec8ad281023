namespace Coffer.Core.Secrets;

/// <summary>A secret version as the service hands it out; <see cref="Value"/> is null where the API omits it.</summary>
public sealed record Secret(string Name, ObjectVersion Version, string? Value);
