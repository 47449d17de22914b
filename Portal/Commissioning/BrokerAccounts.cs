using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Portal.Hosting;

namespace Portal.Commissioning;

/// <summary>The account a gateway uses on the broker; the password is shown to the installer once and never stored by the portal.</summary>
public sealed record GatewayCredentials(string Username, string Password, bool RegisteredWithBroker);

/// <summary>
/// Gives each gateway its own broker account. With <c>Portal:Broker:AccountsFile</c> set, the
/// account is written to that mosquitto password file (<see cref="MosquittoPasswordFile"/>: never through a
/// command line, where <c>ps</c> would show the password) and the broker is told to reload (SIGHUP);
/// without it the installer is shown the credentials to hand to whoever runs the broker.
/// </summary>
public sealed partial class BrokerAccounts(IOptions<PortalOptions> options, ILogger<BrokerAccounts> logger)
{
    public async Task<GatewayCredentials> CreateAsync(string gatewayId, CancellationToken ct = default)
    {
        var password = NewPassword();
        var settings = options.Value.Broker;
        if (settings.AccountsFile is not { Length: > 0 } file)
        {
            return new GatewayCredentials(gatewayId, password, RegisteredWithBroker: false);
        }

        await MosquittoPasswordFile.SetAsync(file, gatewayId, password, ct);
        if (settings.BrokerConfigFile is { Length: > 0 } config)
        {
            foreach (var pid in BrokersUsing(config))
            {
                await RunAsync("kill", ["-HUP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
                LogReloaded(pid, gatewayId);
            }
        }

        return new GatewayCredentials(gatewayId, password, RegisteredWithBroker: true);
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');

    /// <summary>mosquitto processes whose command line names this configuration file.</summary>
    private static IEnumerable<int> BrokersUsing(string config)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var parts = commandLine.Split('\0');
            if (parts.Length > 0 && Path.GetFileName(parts[0]) == "mosquitto" && parts.Contains(config))
            {
                yield return pid;
            }
        }
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{program} could not be started.");
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Trim()}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked broker {Pid} to reload its accounts for gateway {Gateway}")]
    private partial void LogReloaded(int pid, string gateway);
}
