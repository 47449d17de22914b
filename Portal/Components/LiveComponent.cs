using Microsoft.AspNetCore.Components;

namespace Portal.Components;

/// <summary>
/// A component that re-renders from outside events (live values, timers). Once the page is gone
/// (navigated away, circuit closed) late callbacks are dropped instead of throwing on the renderer.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _gone = new();

    /// <summary>Cancelled when the component is disposed.</summary>
    protected CancellationToken Gone => _gone.Token;

    /// <summary>Runs <paramref name="work"/> on the renderer's thread, unless the component is already gone.</summary>
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
                if (!_gone.IsCancellationRequested)
                {
                    await work();
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
