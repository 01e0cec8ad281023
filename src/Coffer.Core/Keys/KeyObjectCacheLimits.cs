namespace Coffer.Core.Keys;

/// <summary>
/// How much <see cref="KeyObjectCache"/> keeps: at most <paramref name="MaxKeys"/> key versions and
/// <paramref name="MaxBytes"/> of estimated memory (material and key objects); the least recently used go first.
/// <paramref name="MaxKeys"/> 0 turns the cache off: every operation imports its key and frees it after.
/// </summary>
public sealed record KeyObjectCacheLimits(int MaxKeys, long MaxBytes)
{
    public const int DefaultMaxKeys = 4096;
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    public static KeyObjectCacheLimits Default { get; } = new(DefaultMaxKeys, DefaultMaxBytes);
}
