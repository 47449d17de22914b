using System.Diagnostics;
using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Modbus;

/// <summary>A helper process a test starts and always kills, waiting for the line that says it is ready.</summary>
public sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;

    private ExternalProcess(Process process) => _process = process;

    public static string PeerScript => Path.Combine(RepositoryPaths.Root, "Portal.Tests", "Modbus", "sdm_peer.py");

    /// <summary>Starts the pymodbus peer (Debian's python3: the one on PATH may lack pymodbus).</summary>
    public static async Task<(ExternalProcess Process, string ReadyLine)> StartPeerAsync(params string[] arguments) =>
        await StartAsync("/usr/bin/python3", ["-u", PeerScript, .. arguments], fromStandardError: false, line => line.StartsWith("READY", StringComparison.Ordinal));

    /// <summary>socat pty pair; returns the two /dev/pts paths socat reports on stderr.</summary>
    public static async Task<(ExternalProcess Process, string First, string Second)> StartPseudoTerminalPairAsync()
    {
        var paths = new List<string>();
        var (process, _) = await StartAsync("socat", ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"], fromStandardError: true,
            line =>
            {
                var match = Regex.Match(line, @"PTY is (/dev/pts/\d+)");
                if (match.Success)
                {
                    paths.Add(match.Groups[1].Value);
                }

                return paths.Count == 2;
            });
        return (process, paths[0], paths[1]);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static async Task<(ExternalProcess, string)> StartAsync(
        string fileName, string[] arguments, bool fromStandardError, Func<string, bool> isReady)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var wrapper = new ExternalProcess(process);
        var reader = fromStandardError ? process.StandardError : process.StandardOutput;
        var other = fromStandardError ? process.StandardOutput : process.StandardError;
        var collected = new System.Text.StringBuilder();
        _ = other.ReadToEndAsync().ContinueWith(t => { lock (collected) { collected.Append(t.Result); } }, TaskScheduler.Default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"{fileName} ended before it was ready: {collected}");
                if (isReady(line))
                {
                    // Keep draining so the child never blocks on a full pipe.
                    _ = reader.ReadToEndAsync();
                    return (wrapper, line);
                }
            }
        }
        catch
        {
            wrapper.Dispose();
            throw;
        }
    }
}
