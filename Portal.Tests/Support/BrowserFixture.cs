using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (browser downloads do not work here, STACK.md).
/// One browser for the browser-test collection; each test opens its own context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // The two cores are shared with the server, the edge and other tests: give assertions time to come true.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (cookies, language) pointed at <paramref name="server"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(PortalServer server, float timeoutMs = 15_000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(timeoutMs);
        return context;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
