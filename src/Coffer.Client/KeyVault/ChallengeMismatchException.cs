namespace Coffer.Client.KeyVault;

/// <summary>The endpoint's challenge named a resource whose domain the vault host is not under: no token is sent to it.</summary>
public sealed class ChallengeMismatchException(string message) : InvalidOperationException(message);
