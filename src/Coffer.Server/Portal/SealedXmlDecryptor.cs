using System.Xml.Linq;
using Coffer.Core.Crypto;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Coffer.Server.Portal;

/// <summary>Opens a key <see cref="SealedXmlEncryptor"/> sealed; made by Data Protection through its service provider.</summary>
internal sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(System.Text.Encoding.UTF8.GetString(
            services.GetRequiredService<EnvelopeSealer>().Open(Convert.FromBase64String(encryptedElement.Value), SealedXmlEncryptor.Context)));
}
