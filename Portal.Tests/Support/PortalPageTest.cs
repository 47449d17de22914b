using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// A browser test against its own portal: a fresh server (with <paramref name="settings"/>), one browser context
/// and one page per test, disposed after it.
/// </summary>
public abstract class PortalPageTest(BrowserFixture browser, params string[] settings) : IAsyncLifetime
{
    protected BrowserFixture Browser { get; } = browser;

    protected PortalServer Server { get; private set; } = null!;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>The server's clock; a test that moves days forward gives a FakeTimeProvider.</summary>
    protected virtual TimeProvider? Clock => null;

    public async Task InitializeAsync()
    {
        Server = await PortalServer.StartAsync(Clock, settings);
        Context = await Browser.NewContextAsync(Server);
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Server.DisposeAsync();
    }
}
