namespace Coffer.Client.KeyVault;

/// <summary>
/// An object or object version as a listing, backup restore or get shows it: its id URL
/// (<c>{vault}/{collection}/{name}[/{version}]</c>), name, version (when the id has one) and attributes.
/// <see cref="Managed"/> marks the key and secret behind a certificate, which travel with it.
/// </summary>
public sealed record VaultObjectItem(Uri Id, string Name, string? Version, bool? Enabled, DateTimeOffset? Created, DateTimeOffset? Updated, bool Managed);
