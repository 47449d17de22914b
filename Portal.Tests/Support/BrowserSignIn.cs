using Microsoft.Playwright;

namespace Portal.Tests.Support;

public static class BrowserSignIn
{
    /// <summary>Opens the sign-in page and signs in, as a person types it.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password = PortalServer.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-test=sign-in]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
