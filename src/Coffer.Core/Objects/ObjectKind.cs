namespace Coffer.Core;

/// <summary>The three kinds of vault object. Each has its own namespace of names, as in Azure.</summary>
public enum ObjectKind
{
    Key,
    Secret,
    Certificate,
}

public static class ObjectKindNames
{
    /// <summary>The path segment of the kind's collection: <c>keys</c>, <c>secrets</c>, <c>certificates</c>.</summary>
    public static string Collection(this ObjectKind kind) => kind switch
    {
        ObjectKind.Key => "keys",
        ObjectKind.Secret => "secrets",
        ObjectKind.Certificate => "certificates",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The lower-case noun Azure uses in messages.</summary>
    public static string WireName(this ObjectKind kind) => kind switch
    {
        ObjectKind.Key => "key",
        ObjectKind.Secret => "secret",
        ObjectKind.Certificate => "certificate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string DisplayName(this ObjectKind kind) => kind switch
    {
        ObjectKind.Key => "Key",
        ObjectKind.Secret => "Secret",
        ObjectKind.Certificate => "Certificate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string NotFoundCode(this ObjectKind kind) => kind.DisplayName() + "NotFound";
}
