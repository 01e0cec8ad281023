using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>What the tests do in the browser as a person would: sign in with the keyboard, and look at each page (a screenshot, an axe scan).</summary>
internal static class PortalPages
{
    /// <summary>From a portal URL through the authority's sign-in page (authorization code + PKCE) and back, typing and pressing Enter only.</summary>
    public static async Task SignInAsync(IPage page, PortalServer server, string user, string path = "/portal")
    {
        await page.GotoAsync(server.Url(path));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.Keyboard.TypeAsync(user); // the user name field has the focus
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PortalServer.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/portal/", StringComparison.Ordinal) && !url.Contains("signin", StringComparison.Ordinal));
    }

    /// <summary>A full-page screenshot at the page's width, kept under the test output; and no serious or critical axe violation.</summary>
    public static async Task<string> CheckAsync(IPage page, PortalServer server, string name)
    {
        var width = page.ViewportSize?.Width ?? 0;
        var file = Path.Combine(server.Screenshots, $"{name}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}").ToList();
        Assert.True(serious.Count == 0, $"axe on {name} at {width}px: " + string.Join("; ", serious));
        var horizontalOverflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(horizontalOverflow, $"{name} scrolls sideways at {width}px");
        return file;
    }
}
