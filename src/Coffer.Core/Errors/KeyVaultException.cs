namespace Coffer.Core.Errors;

/// <summary>
/// The one exception a Key Vault operation fails with. The server's error mapper turns it into
/// <c>{"error":{"code","message","innererror"?}}</c> with <see cref="Status"/>.
/// </summary>
public sealed class KeyVaultException : Exception
{
    public KeyVaultException(int status, string code, string message, string? innerCode = null)
        : base(message)
    {
        Status = status;
        Code = code;
        InnerCode = innerCode;
    }

    public int Status { get; }

    public string Code { get; }

    public string? InnerCode { get; }
}
