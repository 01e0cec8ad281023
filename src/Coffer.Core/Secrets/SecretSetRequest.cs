namespace Coffer.Core.Secrets;

/// <summary>What <c>PUT /secrets/{name}</c> carries.</summary>
public sealed record SecretSetRequest(
    string Value,
    string? ContentType,
    ObjectAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags);
