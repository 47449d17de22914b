using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.Ocpp;

/// <summary>
/// peers/ocpp-charge-point.mjs running under node: the npm package ocpp-rpc 2.2.1 in strict mode as a charge point.
/// Its stdout is one JSON event per line; closing stdin makes it stop its transaction and exit.
/// </summary>
internal sealed class OcppRpcChargePoint : IAsyncDisposable
{
    private static readonly string Peers = Path.Combine(RepositoryPaths.Root, "peers");
    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly List<JsonObject> _seen = [];
    private readonly Task<string> _stderr;

    private OcppRpcChargePoint(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && JsonNode.Parse(line) is JsonObject json)
            {
                _events.Writer.TryWrite(json);
            }
        };
        _process.BeginOutputReadLine();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public IReadOnlyList<JsonObject> Seen => _seen;

    public static OcppRpcChargePoint Start(Uri endpoint, string identity)
    {
        Assert.True(
            File.Exists(Path.Combine(Peers, "node_modules", "ocpp-rpc", "package.json")),
            "ocpp-rpc is not installed in peers/: ./portal.sh test runs npm ci there (or run it by hand).");
        var start = new ProcessStartInfo("node", ["ocpp-charge-point.mjs", endpoint.ToString().TrimEnd('/'), identity])
        {
            WorkingDirectory = Peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new OcppRpcChargePoint(Process.Start(start)!);
    }

    /// <summary>The next event named <paramref name="name"/> (earlier others are kept in <see cref="Seen"/>).</summary>
    public async Task<JsonObject> NextAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                _seen.Add(next);
                if ((string?)next["event"] == name)
                {
                    return next;
                }

                if ((string?)next["event"] == "error")
                {
                    Assert.Fail($"ocpp-rpc failed while waiting for '{name}': {next.ToJsonString()}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"ocpp-rpc printed no '{name}' within 20 s; seen: {string.Join(" ", _seen.Select(s => s.ToJsonString()))}; stderr: {(_process.HasExited ? await _stderr : "(running)")}");
            throw;
        }
    }

    /// <summary>Closes stdin (the peer stops its transaction) and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        _process.StandardInput.Close();
        await NextAsync("stopped");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
