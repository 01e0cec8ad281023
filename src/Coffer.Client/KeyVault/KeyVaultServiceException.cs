using Azure;

namespace Coffer.Client.KeyVault;

/// <summary>
/// A Key Vault endpoint's error answer: the HTTP status and the service's own <c>error.code</c> and
/// <c>error.message</c> (and inner code), read from its <c>{"error":{…}}</c> body.
/// </summary>
public sealed class KeyVaultServiceException : RequestFailedException
{
    public KeyVaultServiceException(int status, string code, string serviceMessage, string? innerCode, string? innerMessage = null)
        : base(status, $"{code}: {serviceMessage}", code, null)
    {
        Code = code;
        ServiceMessage = serviceMessage;
        InnerCode = innerCode;
        InnerMessage = innerMessage;
    }

    public string Code { get; }

    public string ServiceMessage { get; }

    public string? InnerCode { get; }

    /// <summary>The service's own reason beside a message worded as Azure words it (Coffer's <c>innererror.message</c>).</summary>
    public string? InnerMessage { get; }

    /// <summary>One line for a person: status, code, message and, when there is one, the inner reason.</summary>
    public string Describe() => Describe(Status, Code, ServiceMessage, InnerMessage);

    public static string Describe(int status, string code, string message, string? innerMessage) =>
        innerMessage is null ? $"{status} {code}: {message}" : $"{status} {code}: {message} ({innerMessage})";
}
