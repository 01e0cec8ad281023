using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coffer.Server.Auth;

/// <summary>
/// Remembers bearer tokens that passed validation until they expire. An SDK client sends the same token
/// on every request for up to an hour, and checking its RS256 signature again costs ~28 us each time.
/// Only successes are kept, at most <see cref="Capacity"/> of them.
/// </summary>
public sealed class ValidatedTokenCache(TokenValidator validator, TimeProvider time)
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<TokenValidation> ValidateAsync(string token)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(token, out var known) && now < known.Expires)
        {
            return known.Validation;
        }

        var validation = await validator.ValidateAsync(token);
        if (validation.Caller is not null)
        {
            if (_entries.Count >= Capacity)
            {
                Evict(now);
            }

            _entries[token] = new Entry(validation, new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero));
        }

        return validation;
    }

    /// <summary>Drops expired entries, and everything if that frees nothing (a flood of distinct valid tokens).</summary>
    private void Evict(DateTimeOffset now)
    {
        foreach (var (token, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(token, out _);
            }
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(TokenValidation Validation, DateTimeOffset Expires);
}
