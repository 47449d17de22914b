using Bunit;
using Portal.Components;

namespace Portal.Tests.Components;

/// <summary>Live values and timers that arrive after the page is gone are dropped, never thrown on a disposed renderer.</summary>
public sealed class LiveComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_render_requested_while_the_page_is_open_runs()
    {
        var page = _context.Render<Counter>();

        await page.Instance.ArriveAsync();

        Assert.Equal(1, page.Instance.Renders);
        Assert.Contains("1", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_arriving_after_the_page_was_closed_is_dropped_without_an_exception()
    {
        var page = _context.Render<Counter>();
        var counter = page.Instance;
        await _context.DisposeComponentsAsync();

        await counter.ArriveAsync();

        Assert.Equal(0, counter.Renders);
    }

    [Fact]
    public async Task A_delayed_render_cut_short_by_closing_the_page_ends_quietly()
    {
        var page = _context.Render<Counter>();
        var counter = page.Instance;
        var waiting = counter.ArriveAfterDelayAsync(TimeSpan.FromMinutes(5));
        await _context.DisposeComponentsAsync();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, counter.Renders);
    }

    private sealed class Counter : LiveComponent
    {
        public int Renders { get; private set; }

        public Task ArriveAsync() => RenderSafelyAsync(() =>
        {
            Renders++;
            StateHasChanged();
            return Task.CompletedTask;
        });

        public Task ArriveAfterDelayAsync(TimeSpan delay) => RenderSafelyAsync(async () =>
        {
            await Task.Delay(delay, Gone);
            Renders++;
            StateHasChanged();
        });

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, Renders);
    }
}
