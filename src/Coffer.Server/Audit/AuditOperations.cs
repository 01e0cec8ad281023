using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Coffer.Server.Audit;

/// <summary>
/// Names operations from the route pattern and method, so every endpoint (today's and those added later)
/// is named without a table to keep in step: <c>PUT /secrets/{name}</c> → SecretSet,
/// <c>POST /keys/{name}/backup</c> → KeyBackup, <c>DELETE /deletedkeys/{name}</c> → KeyPurge.
/// </summary>
internal sealed class AuditOperations
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["secrets"] = "Secret", ["keys"] = "Key", ["certificates"] = "Certificate", ["vaults"] = "Vault",
        ["issuers"] = "Issuer", ["rotationpolicy"] = "RotationPolicy", ["wrapkey"] = "WrapKey", ["unwrapkey"] = "UnwrapKey",
        ["rng"] = "RandomBytes", ["accesspolicies"] = "AccessPolicy", ["roleassignments"] = "RoleAssignment",
        ["securitydomain"] = "SecurityDomain", ["protectionkeys"] = "ProtectionKey",
    };

    private readonly ConcurrentDictionary<(string Pattern, string Method), AuditOperation> _cache = new();

    public AuditOperation Of(Endpoint? endpoint, string method)
    {
        if (endpoint?.Metadata.GetMetadata<ResourceManager.ResourceManagerEndpoint>() is { } resourceManager)
        {
            return new AuditOperation(resourceManager.Action, resourceManager.ResourceKind); // Azure's activity log names the ARM action
        }

        if (endpoint?.Metadata.GetMetadata<AuditedAs>() is { } named)
        {
            return named.Named;
        }

        var pattern = (endpoint as RouteEndpoint)?.RoutePattern;
        return pattern is null
            ? new AuditOperation("Unknown", "none")
            : _cache.GetOrAdd((pattern.RawText ?? string.Empty, method), key => Name(pattern, key.Method));
    }

    private static AuditOperation Name(RoutePattern pattern, string method)
    {
        var literals = pattern.PathSegments
            .Where(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart)
            .Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)
            .Where(s => s != "_coffer")
            .ToList();
        if (literals is ["portal", "vaults", _, ..])
        {
            literals.RemoveRange(0, 2); // /portal/vaults/{vault}/secrets/{name}/backup is named as /secrets/{name}/backup is
        }
        else if (literals is ["portal", ..])
        {
            literals.RemoveAt(0);
        }

        var hasName = pattern.Parameters.Any(p => p.Name == "name");
        if (literals.Count == 0)
        {
            return new AuditOperation("Unknown", "none");
        }

        if (literals is ["backup" or "restore"])
        {
            return new AuditOperation("Vault" + Word(literals[0]), "vault"); // the whole-vault archive endpoints
        }

        var collection = literals[0];
        var deleted = collection.StartsWith("deleted", StringComparison.OrdinalIgnoreCase) && collection.Length > "deleted".Length;
        var kind = Word(deleted ? collection["deleted".Length..] : collection);
        var rest = string.Concat(literals.Skip(1).Select(Word));
        var verb = (deleted, method) switch
        {
            (true, "GET") => hasName ? "GetDeleted" : "ListDeleted",
            (true, "DELETE") => "Purge",
            (true, _) => rest,
            (false, "POST") when rest.Length > 0 => rest,
            (false, "GET") when rest == "Versions" => "ListVersions",
            (false, _) => rest + method switch
            {
                "GET" => hasName || rest.Length > 0 ? "Get" : "List",
                "PUT" => kind == "Key" && rest.Length == 0 ? "Import" : "Set",
                "PATCH" => "Update",
                "DELETE" => "Delete",
                _ => "Create",
            },
        };
        var objectKind = literals.Contains("issuers") ? "certificateissuer" : kind.ToLowerInvariant();
        return new AuditOperation(kind + verb, objectKind);
    }

    private static string Word(string segment) =>
        Words.TryGetValue(segment, out var word) ? word : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(segment.ToLowerInvariant());
}
