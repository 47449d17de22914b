using Microsoft.Extensions.Options;
using Portal.Edge.Hosting;

// The gateway worker: settings from appsettings.json, environment (Mqtt__Password) and the command line
// (--Edge:GatewayId=...); buses and meters arrive from the portal over MQTT. See docs/edge.md.
const int InvalidConfiguration = 2;
try
{
    // RunAsync disposes the host (asynchronously: the MQTT connection and polling only dispose that way).
    await EdgeHost.Build(args).RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // Logging is not set up yet (its file lives in the data directory, which may be the bad setting).
    await Console.Error.WriteLineAsync("Invalid configuration, the edge did not start:");
    foreach (var failure in invalid.Failures)
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    return InvalidConfiguration;
}
catch (InvalidOperationException e) when (e.Message.Contains("configuration value", StringComparison.Ordinal))
{
    // Binding errors such as a word where a number is expected name the key themselves.
    await Console.Error.WriteLineAsync("Invalid configuration, the edge did not start: " + e.Message);
    return InvalidConfiguration;
}
