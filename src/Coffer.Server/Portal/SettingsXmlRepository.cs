using System.Xml.Linq;
using Coffer.Core.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Coffer.Server.Portal;

/// <summary>
/// ASP.NET Core Data Protection's key ring in the settings table, sealed with the deployment's keyring: every node
/// reads the same keys, so a form's antiforgery token or a sign-in cookie made on one node is accepted on another.
/// </summary>
/// <remarks>Data Protection calls its repository synchronously (rarely: at start and when a key is made), so the store's calls are waited on here.</remarks>
internal sealed class SettingsXmlRepository(ISettingStore settings) : IXmlRepository
{
    private const string Prefix = "dataprotection-key:";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        settings.ListAsync(Prefix, CancellationToken.None).GetAwaiter().GetResult().Select(s => XElement.Parse(s.Value)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        settings.GetOrAddAsync(Prefix + friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
