namespace Coffer.Core.Crypto;

/// <summary>The output of an encrypt or wrap: the bytes, and for AES the iv, tag and aad the caller needs to decrypt.</summary>
public sealed record CipherResult(byte[] Value, byte[]? Iv = null, byte[]? Tag = null, byte[]? Aad = null);

/// <summary>The input of a decrypt: ciphertext and, for AES, the iv, tag and aad of the encrypt.</summary>
public sealed record CipherInput(byte[] Value, byte[]? Iv = null, byte[]? Tag = null, byte[]? Aad = null);
