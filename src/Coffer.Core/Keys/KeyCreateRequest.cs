namespace Coffer.Core.Keys;

/// <summary>What <c>POST /keys/{name}/create</c> carries, after the wire has been read.</summary>
public sealed record KeyCreateRequest(
    string Kty,
    int? KeySize,
    int? PublicExponent,
    string? Crv,
    IReadOnlyList<string>? KeyOps,
    ObjectAttributes Attributes,
    bool? Exportable,
    IReadOnlyDictionary<string, string>? Tags,
    KeyReleasePolicy? ReleasePolicy);

/// <summary>What <c>PUT /keys/{name}</c> (import) carries.</summary>
public sealed record KeyImportRequest(
    JsonWebKeyMaterial Key,
    IReadOnlyList<string>? KeyOps,
    bool Hsm,
    ObjectAttributes Attributes,
    bool? Exportable,
    IReadOnlyDictionary<string, string>? Tags,
    KeyReleasePolicy? ReleasePolicy);

/// <summary>What <c>PATCH /keys/{name}/{version}</c> carries: null members stay as they are.</summary>
public sealed record KeyUpdateRequest(ObjectPatch Patch, IReadOnlyList<string>? KeyOps, KeyReleasePolicy? ReleasePolicy);
