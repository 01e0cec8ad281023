using System.Text;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;

namespace Coffer.Tests;

/// <summary>A long history of one secret made without the API: what a test puts straight into a store to back it up.</summary>
internal static class SecretHistory
{
    /// <summary>
    /// <paramref name="count"/> versions with values <c>value-0</c>…, created a second apart from <paramref name="start"/>,
    /// each sealed for <paramref name="secret"/> as a set seals it; for <see cref="IObjectStore.InsertObjectsAsync"/>.
    /// </summary>
    public static List<ObjectVersion> Versions(EnvelopeSealer sealer, ObjectRef secret, int count, DateTimeOffset start) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid().ToString("N");
            return new ObjectVersion(id, start.AddSeconds(i), start.AddSeconds(i), ObjectAttributes.Default, null, null,
                sealer.Seal(Encoding.UTF8.GetBytes($"value-{i}"), secret, id));
        })];
}
