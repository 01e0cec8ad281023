using System.Collections.Frozen;

namespace Coffer.Core.Vaults;

/// <summary>
/// Azure regions and the geography each belongs to. A backup restores only into a vault of the same
/// subscription and geography, so this map decides where a blob may go.
/// </summary>
public static class Geographies
{
    private static readonly FrozenDictionary<string, string> RegionToGeography = new Dictionary<string, string>
    {
        ["eastus"] = "US", ["eastus2"] = "US", ["westus"] = "US", ["westus2"] = "US", ["westus3"] = "US",
        ["centralus"] = "US", ["northcentralus"] = "US", ["southcentralus"] = "US", ["westcentralus"] = "US",
        ["canadacentral"] = "Canada", ["canadaeast"] = "Canada",
        ["brazilsouth"] = "Brazil", ["brazilsoutheast"] = "Brazil",
        ["mexicocentral"] = "Mexico",
        ["northeurope"] = "Europe", ["westeurope"] = "Europe",
        ["uksouth"] = "UK", ["ukwest"] = "UK",
        ["francecentral"] = "France", ["francesouth"] = "France",
        ["germanywestcentral"] = "Germany", ["germanynorth"] = "Germany",
        ["switzerlandnorth"] = "Switzerland", ["switzerlandwest"] = "Switzerland",
        ["norwayeast"] = "Norway", ["norwaywest"] = "Norway",
        ["swedencentral"] = "Sweden", ["swedensouth"] = "Sweden",
        ["polandcentral"] = "Poland", ["italynorth"] = "Italy", ["spaincentral"] = "Spain",
        ["eastasia"] = "Asia Pacific", ["southeastasia"] = "Asia Pacific",
        ["australiaeast"] = "Australia", ["australiasoutheast"] = "Australia",
        ["australiacentral"] = "Australia", ["australiacentral2"] = "Australia",
        ["japaneast"] = "Japan", ["japanwest"] = "Japan",
        ["koreacentral"] = "Korea", ["koreasouth"] = "Korea",
        ["centralindia"] = "India", ["southindia"] = "India", ["westindia"] = "India",
        ["uaenorth"] = "UAE", ["uaecentral"] = "UAE",
        ["southafricanorth"] = "South Africa", ["southafricawest"] = "South Africa",
        ["qatarcentral"] = "Qatar", ["israelcentral"] = "Israel",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string location) => RegionToGeography.ContainsKey(location);

    /// <summary>The geography spelled as Coffer spells it (<c>us</c> → <c>US</c>), or null if there is none of that name.</summary>
    public static string? Named(string geography) =>
        RegionToGeography.Values.FirstOrDefault(g => string.Equals(g, geography, StringComparison.OrdinalIgnoreCase));

    /// <summary>A geography (<c>Europe</c>, any case) or a location (<c>westeurope</c>) as the geography Coffer spells; null when it is neither.</summary>
    public static string? Resolve(string geographyOrLocation) =>
        IsKnown(geographyOrLocation) ? Of(geographyOrLocation) : Named(geographyOrLocation);

    public static string Of(string location) =>
        RegionToGeography.TryGetValue(location, out var geography)
            ? geography
            : throw new ArgumentException($"Unknown Azure location '{location}'.", nameof(location));
}
