using Serilog;

// The gateway worker. Polling, control and sync arrive with issue 3; this host is the frame they plug into.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(new LoggerConfiguration().WriteTo.Console().CreateLogger(), dispose: true);
var host = builder.Build();
await host.RunAsync();
