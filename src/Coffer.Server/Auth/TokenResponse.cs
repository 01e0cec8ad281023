using System.Text.Json.Serialization;

namespace Coffer.Server.Auth;

public sealed record TokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] long ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken);
