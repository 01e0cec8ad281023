using Azure;

namespace Coffer.Client.KeyVault;

/// <summary>
/// A Key Vault endpoint's error answer: the HTTP status and the service's own <c>error.code</c> and
/// <c>error.message</c> (and inner code), read from its <c>{"error":{…}}</c> body.
/// </summary>
public sealed class KeyVaultServiceException : RequestFailedException
{
    public KeyVaultServiceException(int status, string code, string serviceMessage, string? innerCode)
        : base(status, $"{code}: {serviceMessage}", code, null)
    {
        Code = code;
        ServiceMessage = serviceMessage;
        InnerCode = innerCode;
    }

    public string Code { get; }

    public string ServiceMessage { get; }

    public string? InnerCode { get; }
}
