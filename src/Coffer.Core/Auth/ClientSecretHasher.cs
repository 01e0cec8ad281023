using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Coffer.Core.Auth;

/// <summary>Hashes client secrets for storage (PBKDF2-SHA256) and checks them in constant time.</summary>
public static class ClientSecretHasher
{
    private const int Iterations = 20_000;
    private const string Prefix = "pbkdf2-sha256";

    /// <remarks>Never starts with '-': command lines (<c>az login --password</c>) would read it as an option.</remarks>
    public static string NewSecret()
    {
        while (true)
        {
            var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(30));
            if (secret[0] != '-')
            {
                return secret;
            }
        }
    }

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Prefix, Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(secret, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
