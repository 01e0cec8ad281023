using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coffer.Core.Errors;

namespace Coffer.Server.Wire;

/// <summary>Reads a JSON request body; anything that is not the expected JSON is 400 BadParameter, never 500.</summary>
internal static class RequestJson
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted)
                ?? throw KeyVaultErrors.BadParameter("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw KeyVaultErrors.BadParameter(
                e.Path is { Length: > 1 } path ? $"Invalid value at '{path}' in the request body." : "The request body is not valid JSON.");
        }
    }
}
