using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Support;

/// <summary>Runs the built Portal executable the way an operator does, and captures what it says.</summary>
public static class PortalProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Starts the portal as a server process; <see cref="Running.Kill"/> ends it the hard way.</summary>
    public static Running Start(IEnumerable<string> args) => new(args);

    /// <summary>A portal process that runs until killed; what it prints is kept for the failure message.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        internal Running(IEnumerable<string> args)
        {
            var start = new ProcessStartInfo(RepositoryPaths.PortalExecutable)
            {
                WorkingDirectory = RepositoryPaths.PortalProject,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    public static async Task<Outcome> RunAsync(IEnumerable<string> args, string? standardInput = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(RepositoryPaths.PortalExecutable)
        {
            WorkingDirectory = RepositoryPaths.PortalProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PORTAL_ADMIN_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Portal {string.Join(' ', args)} did not exit. Output: {await output} {await error}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
