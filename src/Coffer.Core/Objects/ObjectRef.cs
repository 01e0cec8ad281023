namespace Coffer.Core;

/// <summary>Names one object: vault, kind and name. Names compare case-insensitively.</summary>
public sealed record ObjectRef(string Vault, ObjectKind Kind, string Name);
