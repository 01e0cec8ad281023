namespace Coffer.Server.Wire;

/// <summary>A page of a listing: <c>{"value":[...],"nextLink":...}</c>.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Value, string? NextLink);
