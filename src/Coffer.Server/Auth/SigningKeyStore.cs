using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;

namespace Coffer.Server.Auth;

/// <summary>The token issuer's RSA key, generated once and kept sealed in the settings table.</summary>
internal static class SigningKeyStore
{
    private const string Setting = "issuer-signing-key";
    private const string Context = "setting:" + Setting;

    public static async Task<RSA> LoadOrCreateAsync(ISettingStore settings, EnvelopeSealer sealer, CancellationToken cancellationToken)
    {
        var stored = await settings.GetAsync(Setting, cancellationToken);
        if (stored is null)
        {
            using var fresh = RSA.Create(2048);
            var candidate = Convert.ToBase64String(sealer.Seal(fresh.ExportPkcs8PrivateKey(), Context));
            stored = await settings.GetOrAddAsync(Setting, candidate, cancellationToken);
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(sealer.Open(Convert.FromBase64String(stored), Context), out _);
        return rsa;
    }
}
