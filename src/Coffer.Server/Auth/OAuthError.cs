using System.Text.Json.Serialization;

namespace Coffer.Server.Auth;

/// <summary>The OAuth2 error body (RFC 6749 §5.2) the token endpoint answers with, as MSAL expects it.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description)
{
    public IResult ToResult(int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Json(this, Wire.WireJsonContext.Default.OAuthError, statusCode: status);
}
