using System.Xml.Linq;
using Coffer.Core.Crypto;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Coffer.Server.Portal;

/// <summary>Seals each Data Protection key with the deployment's keyring before it is stored.</summary>
internal sealed class SealedXmlEncryptor(EnvelopeSealer sealer) : IXmlEncryptor
{
    internal const string Context = "dataprotection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(
        new XElement("sealed", Convert.ToBase64String(sealer.Seal(System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Context))),
        typeof(SealedXmlDecryptor));
}
