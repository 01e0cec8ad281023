using Coffer.Server.Portal.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;

namespace Coffer.Server.Portal;

/// <summary>Portal pages as results: a component rendered statically with the request's <see cref="PortalView"/>.</summary>
internal static class PortalResults
{
    public static IResult Page<TComponent>(HttpContext context, Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent
    {
        parameters["View"] = PortalView.For(context);
        return new RazorComponentResult<TComponent>(parameters) { StatusCode = status };
    }

    /// <summary>A page that says, in the service's own words, why a request was refused (or what happened).</summary>
    public static IResult Message(int status, string title, string message) => new MessageResult(status, title, message);

    private sealed class MessageResult(int status, string title, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            Page<MessagePage>(httpContext, new() { ["Title"] = title, ["Message"] = message, ["Status"] = status }, status).ExecuteAsync(httpContext);
    }
}
