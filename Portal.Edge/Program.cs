using Portal.Edge.Hosting;

// The gateway worker: settings from appsettings.json, environment (Mqtt__Password) and the command line
// (--Edge:GatewayId=...); buses and meters arrive from the portal over MQTT. See docs/edge.md.
try
{
    // RunAsync disposes the host (asynchronously: the MQTT client and polling only dispose that way).
    await EdgeHost.Build(args).RunAsync();
    return 0;
}
catch (EdgeSettingsException invalid)
{
    // Logging is not set up yet (its file lives in the data directory, which may be the bad setting).
    await Console.Error.WriteLineAsync(invalid.Message);
    return 2;
}
