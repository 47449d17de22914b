using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Mail;

/// <summary>
/// A real SMTP server no one here wrote (Debian's python3-aiosmtpd) on a free loopback port, with a handler
/// (smtp_recorder.py) that keeps what it receives; the test starts it and always kills it.
/// </summary>
public sealed class SmtpPeer : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpPeer(Process process, int port, string folder) => (_process, Port, Folder) = (process, port, folder);

    public int Port { get; }

    public string Folder { get; }

    public static async Task<SmtpPeer> StartAsync()
    {
        var folder = RepositoryPaths.NewTempDirectory("smtp");
        var port = FreePort();
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.Environment["PYTHONPATH"] = Path.Combine(RepositoryPaths.Root, "Portal.Tests", "Billing", "Mail");
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "smtp_recorder.Recorder", Path.Combine(folder, "received") })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        var peer = new SmtpPeer(process, port, Path.Combine(folder, "received"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"aiosmtpd stopped (python3-aiosmtpd installed?): {error}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return peer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The messages received so far, as the server wrote them, with their envelope recipients.</summary>
    public IReadOnlyList<(byte[] Raw, MimeMessage Message, IReadOnlyList<string> Recipients)> Received() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.json").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).Select(meta =>
            {
                var raw = File.ReadAllBytes(Path.ChangeExtension(meta, ".eml"));
                var recipients = JsonDocument.Parse(File.ReadAllText(meta)).RootElement.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString()!).ToList();
                return (raw, MimeMessage.Load(new MemoryStream(raw)), (IReadOnlyList<string>)recipients);
            }).ToList()
            : [];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
