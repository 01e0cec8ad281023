using System.Text.Json.Serialization;

namespace Coffer.Server.Errors;

/// <summary>Key Vault's error wire shape: <c>{"error":{"code","message","innererror"?}}</c>.</summary>
internal sealed record KeyVaultErrorBody([property: JsonPropertyName("error")] KeyVaultError Error);

internal sealed record KeyVaultError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("innererror")] KeyVaultInnerError? InnerError);

internal sealed record KeyVaultInnerError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);
