using Microsoft.Playwright;

namespace Portal.Tests.Support;

public static class BrowserFields
{
    /// <summary>Fills a text or numeric field, as a person types and leaves it, whether data-test sits on its input or on a wrapper around it.</summary>
    public static async Task FillFieldAsync(this IPage page, string test, string value)
    {
        var element = page.Locator($"[data-test={test}]").First;
        var tag = await element.EvaluateAsync<string>("e => e.tagName");
        var input = tag is "INPUT" or "TEXTAREA" ? element : element.Locator("input").First;
        await input.FillAsync(value);
        await input.DispatchEventAsync("change");
    }
}
