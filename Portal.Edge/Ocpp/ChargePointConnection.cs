using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Portal.Edge.Ocpp;

/// <summary>
/// One charge point's WebSocket: a receive loop answering its CALLs through <see cref="ChargePointSession"/>, and
/// CALLs to it, one outstanding at a time (OCPP-J 1.6), each with a timeout. A bad frame is answered, logged and
/// counted; it never closes the connection.
/// </summary>
public sealed partial class ChargePointConnection(
    WebSocket socket,
    ChargePointSession session,
    TimeProvider siteClock,
    TimeSpan callTimeout,
    ILogger logger) : IDisposable
{
    private const int MaxFrameBytes = 64 * 1024;
    private readonly SemaphoreSlim _oneCall = new(1, 1);
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Lock _gate = new();
    // Completed once the answer accepting a BootNotification has been sent; asynchronous continuations, so a waiter
    // that then calls the charge point does not run inside the receive loop its answer must come through.
    private readonly TaskCompletionSource _booted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<OcppFrame>? _pending;
    private string? _pendingId;
    private long _nextId;

    public ChargePointSession Session => session;

    /// <summary>Completes when the charge point has booted and our accepting answer is on the wire (OCPP-J: no CALL to it before).</summary>
    public Task Booted => _booted.Task;

    public void Dispose()
    {
        _oneCall.Dispose();
        _send.Dispose();
    }

    public ChargerSnapshot Snapshot(bool connected)
    {
        lock (_gate)
        {
            return session.Snapshot(connected);
        }
    }

    /// <summary>Runs until the charge point closes the socket or <paramref name="cancellationToken"/> stops the server.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var frame = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
                    break;
                }

                frame.Write(buffer, 0, received.Count);
                if (frame.Length > MaxFrameBytes)
                {
                    // Keep reading to the end of the message but drop it: one oversized frame is one bad frame.
                    frame.SetLength(0);
                    await DiscardRestAsync(received, buffer, cancellationToken).ConfigureAwait(false);
                    await AnswerBadFrameAsync(new OcppFrameProblem("frame too large", new OcppCallError(OcppFrameReader.UnknownId, OcppErrorCode.FormationViolation, $"frames are limited to {MaxFrameBytes} bytes")), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                var text = received.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(frame.GetBuffer(), 0, (int)frame.Length) : "";
                frame.SetLength(0);
                await OnFrameAsync(text, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            LogDisconnected(logger, session.ChargePointId, error.Message);
        }
        finally
        {
            lock (_gate)
            {
                _pending?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    /// <summary>Sends a CALL and waits for its CALLRESULT or CALLERROR; null when it timed out or the socket closed.</summary>
    public async Task<OcppFrame?> CallAsync(string action, JsonObject payload, CancellationToken cancellationToken)
    {
        try
        {
            await _oneCall.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        try
        {
            var id = $"cs-{Interlocked.Increment(ref _nextId)}";
            var answer = new TaskCompletionSource<OcppFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _pending = answer;
                _pendingId = id;
            }

            try
            {
                await SendAsync(new OcppCall(id, action, payload), cancellationToken).ConfigureAwait(false);
                // Network timeouts run on the real clock, not the (possibly compressed) site clock.
                return await answer.Task.WaitAsync(callTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogCallTimedOut(logger, session.ChargePointId, action, callTimeout);
                return null;
            }
            catch (Exception error) when (error is WebSocketException or ObjectDisposedException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return null;
            }
            finally
            {
                lock (_gate)
                {
                    _pending = null;
                    _pendingId = null;
                }
            }
        }
        finally
        {
            Release(_oneCall);
        }
    }

    private async Task OnFrameAsync(string text, CancellationToken cancellationToken)
    {
        var frame = OcppFrameReader.Read(text, out var problem);
        switch (frame)
        {
            case null:
                await AnswerBadFrameAsync(problem!, cancellationToken).ConfigureAwait(false);
                break;
            case OcppCall call:
                OcppFrame answer;
                lock (_gate)
                {
                    answer = session.Handle(call, siteClock.GetUtcNow());
                }

                if (answer is OcppCallError refused)
                {
                    LogCallRefused(logger, session.ChargePointId, call.Action, refused.ErrorCode, refused.Description);
                }

                await SendAsync(answer, cancellationToken).ConfigureAwait(false);
                if (call.Action == "BootNotification" && answer is OcppCallResult)
                {
                    _booted.TrySetResult();
                }

                break;
            default:
                TaskCompletionSource<OcppFrame>? pending;
                lock (_gate)
                {
                    pending = frame.UniqueId == _pendingId ? _pending : null;
                    if (pending is null)
                    {
                        session.CountBadFrame();
                    }
                }

                if (pending is null)
                {
                    LogUnexpectedResponse(logger, session.ChargePointId, frame.UniqueId);
                }
                else
                {
                    pending.TrySetResult(frame);
                }

                break;
        }
    }

    private async Task AnswerBadFrameAsync(OcppFrameProblem problem, CancellationToken cancellationToken)
    {
        int count;
        lock (_gate)
        {
            session.CountBadFrame();
            count = session.BadFrames;
        }

        LogBadFrame(logger, session.ChargePointId, problem.Reason, count);
        if (problem.Answer is not null)
        {
            await SendAsync(problem.Answer, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(OcppFrame frame, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToJson());
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(_send);
        }
    }

    /// <summary>The connection may close (and be disposed) while a call to it is still unwinding.</summary>
    private static void Release(SemaphoreSlim semaphore)
    {
        try
        {
            semaphore.Release();
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nobody waits any more.
        }
    }

    private async Task DiscardRestAsync(WebSocketReceiveResult received, byte[] buffer, CancellationToken cancellationToken)
    {
        while (!received.EndOfMessage)
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP {ChargePointId}: bad frame ({Reason}), {Count} so far")]
    private static partial void LogBadFrame(ILogger logger, string chargePointId, string reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP {ChargePointId}: {Action} refused with {Code}: {Description}")]
    private static partial void LogCallRefused(ILogger logger, string chargePointId, string action, string code, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP {ChargePointId}: response to unknown call {UniqueId} ignored")]
    private static partial void LogUnexpectedResponse(ILogger logger, string chargePointId, string uniqueId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP {ChargePointId}: {Action} not answered within {Timeout}")]
    private static partial void LogCallTimedOut(ILogger logger, string chargePointId, string action, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP {ChargePointId}: connection ended ({Reason})")]
    private static partial void LogDisconnected(ILogger logger, string chargePointId, string reason);
}
