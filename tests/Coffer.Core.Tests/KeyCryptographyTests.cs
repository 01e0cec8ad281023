using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Tests;

public sealed class KeyCryptographyTests
{
    private static readonly Lazy<JsonWebKeyMaterial> Rsa2048 = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return JsonWebKeyMaterial.FromRsa(rsa, KeyTypes.Rsa);
    });

    [Theory]
    [InlineData("RS256", 32)]
    [InlineData("RS384", 48)]
    [InlineData("RS512", 64)]
    [InlineData("PS256", 32)]
    [InlineData("PS384", 48)]
    [InlineData("PS512", 64)]
    public void Sign_Rsa_VerifiesWithThePublicKeyAlone(string alg, int digestSize)
    {
        var key = Rsa2048.Value;
        var digest = RandomNumberGenerator.GetBytes(digestSize);

        var signature = Imported.Sign(key, alg, digest);

        using var publicKey = key.PublicOnly().ToRsa();
        var hash = digestSize == 32 ? HashAlgorithmName.SHA256 : digestSize == 48 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
        var padding = alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        Assert.True(publicKey.VerifyHash(digest, signature, hash, padding));
        Assert.True(Imported.Verify(key, alg, digest, signature));
        signature[0] ^= 1;
        Assert.False(Imported.Verify(key, alg, digest, signature));
    }

    [Theory]
    [InlineData(Curves.P256, "ES256", 32)]
    [InlineData(Curves.P384, "ES384", 48)]
    [InlineData(Curves.P521, "ES512", 64)]
    [InlineData(Curves.P256K, "ES256K", 32)]
    public void Sign_Ec_GivesP1363SignatureThePublicKeyVerifies(string curve, string alg, int digestSize)
    {
        using var ecdsa = ECDsa.Create(Curves.ToCurve(curve));
        var key = JsonWebKeyMaterial.FromEcdsa(ecdsa, KeyTypes.Ec, curve);
        var digest = RandomNumberGenerator.GetBytes(digestSize);

        var signature = Imported.Sign(key, alg, digest);

        Assert.Equal(2 * Curves.CoordinateSize(curve), signature.Length);
        using var publicKey = key.PublicOnly().ToEcdsa();
        Assert.True(publicKey.VerifyHash(digest, signature));
        Assert.True(Imported.Verify(key, alg, digest, signature));
    }

    [Theory]
    [InlineData("RSA-OAEP")]
    [InlineData("RSA-OAEP-256")]
    [InlineData("RSA1_5")]
    public void EncryptDecryptWrapUnwrap_Rsa_RoundTrip(string alg)
    {
        var key = Rsa2048.Value;
        var plaintext = RandomNumberGenerator.GetBytes(32);

        var encrypted = Imported.Encrypt(key, alg, new CipherInput(plaintext));
        var wrapped = Imported.WrapKey(key, alg, plaintext);

        Assert.Equal(plaintext, Imported.Decrypt(key, alg, new CipherInput(encrypted.Value)));
        Assert.Equal(plaintext, Imported.UnwrapKey(key, alg, wrapped));
    }

    [Theory]
    [InlineData("A128GCM", 16)]
    [InlineData("A192GCM", 24)]
    [InlineData("A256GCM", 32)]
    public void EncryptDecrypt_Gcm_RoundTripsAndAuthenticates(string alg, int keyBytes)
    {
        var key = Oct(keyBytes);
        var aad = "context"u8.ToArray();
        var plaintext = RandomNumberGenerator.GetBytes(45);

        var encrypted = Imported.Encrypt(key, alg, new CipherInput(plaintext, Aad: aad));

        Assert.Equal(12, encrypted.Iv!.Length);
        Assert.Equal(16, encrypted.Tag!.Length);
        Assert.Equal(plaintext, Imported.Decrypt(key, alg, new CipherInput(encrypted.Value, encrypted.Iv, encrypted.Tag, aad)));
        AssertBadParameter(() => Imported.Decrypt(key, alg, new CipherInput(encrypted.Value, encrypted.Iv, encrypted.Tag, "other"u8.ToArray())));
        AssertBadParameter(() => Imported.Decrypt(key, alg, new CipherInput(encrypted.Value, encrypted.Iv, null, aad)));
    }

    [Theory]
    [InlineData("A128CBC", 16, 32)]
    [InlineData("A256CBC", 32, 48)]
    [InlineData("A128CBCPAD", 16, 21)]
    [InlineData("A192CBCPAD", 24, 1)]
    [InlineData("A256CBCPAD", 32, 64)]
    public void EncryptDecrypt_Cbc_RoundTrips(string alg, int keyBytes, int length)
    {
        var key = Oct(keyBytes);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var encrypted = Imported.Encrypt(key, alg, new CipherInput(plaintext, iv));

        Assert.Equal(plaintext, Imported.Decrypt(key, alg, new CipherInput(encrypted.Value, iv)));
    }

    [Fact]
    public void Encrypt_CbcWithoutPaddingOnPartialBlock_Returns400()
    {
        AssertBadParameter(() => Imported.Encrypt(Oct(16), "A128CBC", new CipherInput(new byte[17], new byte[16])));
        AssertBadParameter(() => Imported.Encrypt(Oct(16), "A128CBC", new CipherInput(new byte[16])));
    }

    [Fact]
    public void WrapKey_A128KW_MatchesRfc3394TestVector()
    {
        var kek = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
        var keyData = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        var key = new JsonWebKeyMaterial { Kty = KeyTypes.Oct, K = kek };

        var wrapped = Imported.WrapKey(key, "A128KW", keyData);

        Assert.Equal("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5", Convert.ToHexString(wrapped));
        Assert.Equal(keyData, Imported.UnwrapKey(key, "A128KW", wrapped));
        wrapped[3] ^= 1;
        AssertBadParameter(() => Imported.UnwrapKey(key, "A128KW", wrapped));
    }

    [Theory]
    [InlineData("A192KW", 24)]
    [InlineData("A256KW", 32)]
    public void WrapUnwrap_AesKw_RoundTrips(string alg, int keyBytes)
    {
        var key = Oct(keyBytes);
        var cek = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(cek, Imported.UnwrapKey(key, alg, Imported.WrapKey(key, alg, cek)));
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("A256GCM")]
    [InlineData("RSNULL")]
    [InlineData("nope")]
    public void Sign_AlgorithmTheRsaKeyCannotDo_Returns400(string alg) =>
        AssertBadParameter(() => Imported.Sign(Rsa2048.Value, alg, new byte[32]));

    [Fact]
    public void Sign_EcAlgorithmOfAnotherCurve_Returns400()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var key = JsonWebKeyMaterial.FromEcdsa(ecdsa, KeyTypes.Ec, Curves.P384);

        AssertBadParameter(() => Imported.Sign(key, "ES256", new byte[32]));
    }

    [Fact]
    public void Sign_DigestOfWrongLength_Returns400() =>
        AssertBadParameter(() => Imported.Sign(Rsa2048.Value, "RS256", new byte[31]));

    [Fact]
    public void Encrypt_AesAlgorithmForOtherKeySize_Returns400() =>
        AssertBadParameter(() => Imported.Encrypt(Oct(32), "A128GCM", new CipherInput(new byte[4])));

    [Fact]
    public void Encrypt_RsaAlgorithmOnOctKey_And_AesOnRsa_Return400()
    {
        AssertBadParameter(() => Imported.Encrypt(Oct(32), "RSA-OAEP", new CipherInput(new byte[4])));
        AssertBadParameter(() => Imported.Encrypt(Rsa2048.Value, "A256GCM", new CipherInput(new byte[4])));
        AssertBadParameter(() => Imported.WrapKey(Oct(32), "A256GCM", new byte[32]));
    }

    [Fact]
    public void Decrypt_GarbageWithRsa_Returns400() =>
        AssertBadParameter(() => Imported.Decrypt(Rsa2048.Value, "RSA-OAEP", new CipherInput(new byte[256])));

    [Fact]
    public void Validated_ImportChecks_Reject400()
    {
        var rsa = Rsa2048.Value;
        AssertBadParameter(() => (rsa with { D = null }).Validated());
        AssertBadParameter(() => (rsa with { N = [1, 2, 3] }).Validated());
        AssertBadParameter(() => new JsonWebKeyMaterial { Kty = KeyTypes.Ec, Crv = "P-999", X = [1], Y = [1], D = [1] }.Validated());
        AssertBadParameter(() => new JsonWebKeyMaterial { Kty = KeyTypes.Ec, Crv = Curves.P256, X = new byte[32], Y = new byte[32], D = new byte[32] }.Validated());
        AssertBadParameter(() => new JsonWebKeyMaterial { Kty = KeyTypes.Oct, K = new byte[10] }.Validated());
    }

    [Fact]
    public void Validated_RsaWithoutCrtParts_Returns400NamingThePart()
    {
        var error = Assert.Throws<KeyVaultException>(() => (Rsa2048.Value with { DP = null }).Validated());

        Assert.Equal(400, error.Status);
        Assert.Contains("'dp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_CompleteRsa_SignsLikeTheOriginal()
    {
        var rsa = Rsa2048.Value;
        var digest = new byte[32];

        var imported = rsa.Validated();

        Assert.True(Imported.Verify(rsa, "RS256", digest, Imported.Sign(imported, "RS256", digest)));
    }

    [Fact]
    public void Material_SerializeDeserialize_RoundTrips()
    {
        var rsa = Rsa2048.Value;

        var copy = JsonWebKeyMaterial.Deserialize(rsa.Serialize());

        Assert.Equal(rsa.N, copy.N);
        Assert.Equal(rsa.D, copy.D);
        Assert.Equal(rsa.QI, copy.QI);
        Assert.Null(copy.PublicOnly().D);
    }

    private static JsonWebKeyMaterial Oct(int bytes) => new() { Kty = KeyTypes.Oct, K = RandomNumberGenerator.GetBytes(bytes) };

    private static void AssertBadParameter(Action action)
    {
        var error = Assert.Throws<KeyVaultException>(action);
        Assert.Equal((400, "BadParameter"), (error.Status, error.Code));
    }

    private static void AssertBadParameter(Func<object> action) => AssertBadParameter(() => { action(); });

    /// <summary><see cref="KeyCryptography"/> on a key object imported from the material for the one call.</summary>
    private static class Imported
    {
        public static byte[] Sign(JsonWebKeyMaterial material, string alg, byte[] digest) => With(material, key => KeyCryptography.Sign(key, alg, digest));

        public static bool Verify(JsonWebKeyMaterial material, string alg, byte[] digest, byte[] signature) =>
            With(material.PublicOnly(), key => KeyCryptography.Verify(key, alg, digest, signature));

        public static CipherResult Encrypt(JsonWebKeyMaterial material, string alg, CipherInput input) => With(material, key => KeyCryptography.Encrypt(key, alg, input));

        public static byte[] Decrypt(JsonWebKeyMaterial material, string alg, CipherInput input) => With(material, key => KeyCryptography.Decrypt(key, alg, input));

        public static byte[] WrapKey(JsonWebKeyMaterial material, string alg, byte[] value) => With(material, key => KeyCryptography.WrapKey(key, alg, value));

        public static byte[] UnwrapKey(JsonWebKeyMaterial material, string alg, byte[] value) => With(material, key => KeyCryptography.UnwrapKey(key, alg, value));

        private static T With<T>(JsonWebKeyMaterial material, Func<ImportedKey, T> work)
        {
            using var key = ImportedKey.From(material);
            return work(key);
        }
    }
}
