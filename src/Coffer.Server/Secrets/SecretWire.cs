using Coffer.Server.Wire;

namespace Coffer.Server.Secrets;

/// <summary>Body of <c>PUT /secrets/{name}</c>.</summary>
public sealed record SecretSetParameters(
    string? Value,
    Dictionary<string, string>? Tags,
    string? ContentType,
    WireAttributes? Attributes);

/// <summary>Body of <c>PATCH /secrets/{name}/{version}</c>.</summary>
public sealed record SecretUpdateParameters(
    string? ContentType,
    WireAttributes? Attributes,
    Dictionary<string, string>? Tags);

public sealed record SecretBundle(
    string? Value,
    string Id,
    string? ContentType,
    WireAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? Kid = null,
    bool? Managed = null);

public sealed record SecretItem(
    string Id,
    WireAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? ContentType,
    bool? Managed = null);

public sealed record DeletedSecretBundle(
    string Id,
    string? ContentType,
    WireAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string RecoveryId,
    long DeletedDate,
    long ScheduledPurgeDate,
    string? Kid = null,
    bool? Managed = null);

public sealed record DeletedSecretItem(
    string Id,
    WireAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? ContentType,
    string RecoveryId,
    long DeletedDate,
    long ScheduledPurgeDate,
    bool? Managed = null);
