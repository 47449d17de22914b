using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components;
using Portal.Tests.Support;

namespace Portal.Tests.Components;

/// <summary>
/// Live values and timers that arrive after the page is gone are dropped, never thrown on a disposed renderer;
/// those that arrive while it is open render in the user's culture, and a failing one is logged and shown.
/// </summary>
public sealed class LiveComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly RecordingLog _errors = new();

    public Task InitializeAsync()
    {
        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([_errors]));
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

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
        Assert.Empty(_errors.Entries);
    }

    [Fact]
    public async Task A_value_pushed_from_a_thread_in_another_culture_renders_in_the_users_culture()
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        IRenderedComponent<Counter> page;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("fr-CH");
            page = _context.Render<Counter>();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }

        // The ingestion loop's thread, in the process's culture.
        await Task.Run(async () =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            await page.Instance.ArriveAsync(1087.3m);
        });

        Assert.Equal(1087.3m.ToString("N1", new CultureInfo("fr-CH")), page.Find("[data-test=value]").TextContent);
        Assert.Equal("fr-CH", page.Find("[data-test=ui]").TextContent);
    }

    [Fact]
    public async Task A_failing_update_is_logged_and_shown_instead_of_vanishing()
    {
        var page = _context.Render<Counter>();

        await page.Instance.FailAsync();

        Assert.True(page.Instance.Failed);
        Assert.Contains(_errors.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
        Assert.Single(_context.Services.GetRequiredService<ISnackbar>().ShownSnackbars);

        await page.Instance.FailAsync();
        await page.Instance.ArriveAsync();

        // One message per run of failures, and the next update that works clears the state.
        Assert.Single(_context.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.False(page.Instance.Failed);
    }

    private sealed class Counter : LiveComponent
    {
        private decimal _value;

        public int Renders { get; private set; }

        public bool Failed => LiveUpdateFailed;

        public Task ArriveAsync(decimal value = 0) => RenderSafelyAsync(() =>
        {
            Renders++;
            _value = value;
            StateHasChanged();
            return Task.CompletedTask;
        });

        public Task FailAsync() => RenderSafelyAsync(() => throw new InvalidOperationException("broken"));

        public Task ArriveAfterDelayAsync(TimeSpan delay) => RenderSafelyAsync(async () =>
        {
            await Task.Delay(delay, Gone);
            Renders++;
            StateHasChanged();
        });

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.AddContent(0, Renders);
            builder.OpenElement(1, "span");
            builder.AddAttribute(2, "data-test", "value");
            builder.AddContent(3, _value.ToString("N1", CultureInfo.CurrentCulture));
            builder.CloseElement();
            builder.OpenElement(4, "span");
            builder.AddAttribute(5, "data-test", "ui");
            builder.AddContent(6, CultureInfo.CurrentUICulture.Name);
            builder.CloseElement();
        }
    }
}
