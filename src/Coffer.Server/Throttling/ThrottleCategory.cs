namespace Coffer.Server.Throttling;

/// <summary>Azure's request types with their own per-vault limit; a request counts against exactly one.</summary>
internal enum ThrottleCategory
{
    RsaSoftwareKeyCreate,
    OtherKeyCreate,
    SecretSet,
    Transaction,
}
