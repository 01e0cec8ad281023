namespace Coffer.Core.Errors;

/// <summary>
/// The one exception a Key Vault operation fails with. The server's error mapper turns it into
/// <c>{"error":{"code","message","innererror"?}}</c> with <see cref="Status"/>.
/// </summary>
public sealed class KeyVaultException : Exception
{
    public KeyVaultException(int status, string code, string message, string? innerCode = null, string? innerMessage = null)
        : base(message)
    {
        Status = status;
        Code = code;
        InnerCode = innerCode;
        InnerMessage = innerMessage;
    }

    public int Status { get; }

    public string Code { get; }

    public string? InnerCode { get; }

    /// <summary>Coffer's own reason, where <see cref="Exception.Message"/> must be Azure's words (clients compare them).</summary>
    public string? InnerMessage { get; }
}
