using Azure.Core;

namespace Coffer.Client.KeyVault;

/// <summary>
/// Options of <see cref="KeyVaultClient"/>: Azure.Core's (transport, retry — which honours 429
/// <c>Retry-After</c> as the SDKs do) and the api-version sent.
/// </summary>
public sealed class KeyVaultClientOptions : ClientOptions
{
    /// <summary>7.5: answered by Azure and by Coffer alike.</summary>
    public const string DefaultApiVersion = "7.5";

    public string ApiVersion { get; set; } = DefaultApiVersion;
}
