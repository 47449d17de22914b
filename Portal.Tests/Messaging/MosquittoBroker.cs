using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Tests.Messaging;

/// <summary>
/// A real Debian mosquitto on a free 127.0.0.1 port with a password file, started and killed by the test.
/// The port is kept across <see cref="Kill"/> / <see cref="Start"/> so clients can reconnect to it.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly string _directory;
    private readonly string _configPath;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public MosquittoBroker(params (string User, string Password)[] users)
    {
        _directory = Directory.CreateTempSubdirectory("mosquitto-test-").FullName;

        // Started as root, mosquitto drops to the 'mosquitto' user before it reads the password file.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        Port = FreePort();
        var passwordFile = PasswordFile = Path.Combine(_directory, "passwd");
        // Written as the portal writes gateway accounts (no password on a command line), readable by the broker's user.
        File.WriteAllLines(passwordFile, users.Select(u => global::Portal.Commissioning.MosquittoPasswordFile.Line(u.User, u.Password)));

        // Persistence lets a graceful restart keep sessions (see Stop); the broker's user must be able to write it.
        var data = Directory.CreateDirectory(Path.Combine(_directory, "data")).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, (UnixFileMode)0b111_111_111);
        }

        _configPath = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllText(_configPath, $"""
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwordFile}
            persistence true
            persistence_location {data}/
            max_inflight_messages 1000
            max_queued_messages 200000
            max_queued_bytes 0
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            """);
        Start();
    }

    public int Port { get; }

    /// <summary>The broker's accounts: the portal may add gateway accounts here and signal a reload.</summary>
    public string PasswordFile { get; }

    /// <summary>The portal finds the broker to reload by this path on its command line.</summary>
    public string ConfigPath => _configPath;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Start()
    {
        var start = new ProcessStartInfo("mosquitto", ["-c", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"mosquitto exited: {Log}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on {Port}: {Log}");
    }

    /// <summary>SIGKILL: no goodbye to any client, like a crashed or unplugged broker.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM: the broker saves its sessions and queued messages, as a planned restart would.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            RunTool("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunTool(string tool, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
