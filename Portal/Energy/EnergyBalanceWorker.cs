namespace Portal.Energy;

/// <summary>
/// Works off the balance queue in the background: shortly after intervals were stored (a short pause lets the other
/// meters of the same quarter-hour arrive, so it is computed once), and every <see cref="PollPeriod"/> in case of
/// ranges queued by another process. A failure is logged and tried again later; the queue keeps the work.
/// </summary>
public sealed partial class EnergyBalanceWorker(EnergyBalanceStore store, EnergyBalanceSignal signal, TimeProvider clock, ILogger<EnergyBalanceWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.CatchUpAsync(stoppingToken);
                await signal.WaitAsync(PollPeriod, clock, stoppingToken);
                await Task.Delay(Gathering, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Computing energy balances failed; the queue keeps them for the next attempt")]
    private partial void LogFailed(Exception exception);
}
