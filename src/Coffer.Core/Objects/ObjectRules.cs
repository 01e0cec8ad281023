using Coffer.Core.Errors;

namespace Coffer.Core;

/// <summary>The limits Key Vault puts on what every object carries.</summary>
public static class ObjectRules
{
    public const int MaxTags = 15;
    public const int MaxTagNameLength = 512;
    public const int MaxTagValueLength = 256;
    public const int MaxContentTypeLength = 255;

    public static void ValidateTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxTags)
        {
            throw KeyVaultErrors.BadParameter($"Too many tags: {tags.Count}. At most {MaxTags} tags are allowed.");
        }

        foreach (var (name, value) in tags)
        {
            if (name.Length is 0 or > MaxTagNameLength || value.Length > MaxTagValueLength)
            {
                throw KeyVaultErrors.BadParameter(
                    $"Invalid tag '{Truncate(name)}': names are 1-{MaxTagNameLength} characters, values at most {MaxTagValueLength}.");
            }
        }
    }

    public static void ValidateContentType(string? contentType)
    {
        if (contentType is { Length: > MaxContentTypeLength })
        {
            throw KeyVaultErrors.BadParameter($"contentType is longer than {MaxContentTypeLength} characters.");
        }
    }

    public static void ValidateAttributes(DateTimeOffset? notBefore, DateTimeOffset? expires)
    {
        if (notBefore is { } nbf && expires is { } exp && exp < nbf)
        {
            throw KeyVaultErrors.BadParameter("The expiration date (exp) must be later than the not-before date (nbf).");
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
