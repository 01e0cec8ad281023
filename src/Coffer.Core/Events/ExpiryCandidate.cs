namespace Coffer.Core.Events;

/// <summary>
/// The current version of an active object that expires, with the object-level policy that may move its near-expiry
/// notice (a key's rotation policy, a certificate's policy), and whether its near-expiry event was raised, for the expiry scan.
/// </summary>
public sealed record ExpiryCandidate(ObjectRef Obj, string Version, DateTimeOffset? NotBefore, DateTimeOffset Expires, string? Policy, bool NearExpiryRaised);
