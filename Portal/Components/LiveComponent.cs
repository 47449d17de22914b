using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Localization;

namespace Portal.Components;

/// <summary>
/// A component that re-renders from outside events (live values, timers). Once the page is gone
/// (navigated away, circuit closed) late callbacks are dropped instead of throwing on the renderer.
/// </summary>
/// <remarks>
/// Outside events arrive on other threads (the ingestion loop, a timer) and the renderer runs the
/// work inline on that thread when it is idle, so that thread's culture would write the page.
/// The circuit user's culture is taken when the component is made (always on the circuit) and set
/// around every such render. A failing update is logged and shown, never lost in a discarded task.
/// </remarks>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _gone = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    [Inject]
    private ILoggerFactory LiveLoggers { get; set; } = default!;

    [Inject]
    private ISnackbar LiveSnackbar { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> LiveTexts { get; set; } = default!;

    /// <summary>Cancelled when the component is disposed.</summary>
    protected CancellationToken Gone => _gone.Token;

    /// <summary>The last live update failed (logged); cleared by the next one that works. Pages show it.</summary>
    protected bool LiveUpdateFailed { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the renderer's thread in the user's culture, unless the component is already gone.</summary>
    protected async Task RenderSafelyAsync(Func<Task> work)
    {
        if (_gone.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await InvokeAsync(async () =>
            {
                if (_gone.IsCancellationRequested)
                {
                    return;
                }

                // Culture lives in an async local: set here, it holds for this work and its continuations only.
                CultureInfo.CurrentCulture = _culture;
                CultureInfo.CurrentUICulture = _uiCulture;
                try
                {
                    await work();
                    LiveUpdateFailed = false;
                }
                catch (Exception e) when (e is not OperationCanceledException || !_gone.IsCancellationRequested)
                {
                    ShowFailure(e);
                }
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended between the event and the render.
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested)
        {
        }
    }

    private void ShowFailure(Exception e)
    {
        LiveLoggers.CreateLogger(GetType()).LogError(e, "A live update of {Component} failed", GetType().Name);
        if (!LiveUpdateFailed)
        {
            // Once per run of failures: a timer failing every second must not bury the page in messages.
            LiveSnackbar.Add(LiveTexts["Live.UpdateFailed"], Severity.Error);
        }

        LiveUpdateFailed = true;
        StateHasChanged();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_gone.IsCancellationRequested)
        {
            _gone.Cancel();
            _gone.Dispose();
        }
    }
}
