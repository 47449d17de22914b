using Serilog;
using Serilog.Events;

namespace Portal.Hosting;

/// <summary>
/// Serilog (console and a daily rolling file in the data folder) for every log of the portal, and one
/// line per HTTP request. Levels come from the <c>Serilog</c> section of the configuration.
/// </summary>
public static class PortalLogging
{
    public static void AddPortalLogging(this WebApplicationBuilder builder)
    {
        var logDirectory = Path.Combine(PortalPaths.DataDirectoryFrom(builder.Configuration, builder.Environment), "logs");
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(logDirectory, "portal-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// One line per request. Static files, the Blazor circuit's hub and health probes are logged at Debug:
    /// at Information they would bury the requests a person made.
    /// </summary>
    public static void UsePortalRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(options => options.GetLevel = (context, _, error) => RequestLevel(context.Request.Path, context.Response.StatusCode, error));

    public static LogEventLevel RequestLevel(PathString path, int statusCode, Exception? error)
    {
        if (error is not null)
        {
            return LogEventLevel.Error;
        }

        // A probe that answers 503 is telling its supervisor "not ready", which the health checks log themselves.
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Debug;
        }

        if (statusCode >= 500)
        {
            return LogEventLevel.Error;
        }

        return IsBackground(path) ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    private static readonly string[] BackgroundPrefixes = ["/_blazor", "/_framework", "/_content"];

    private static bool IsBackground(PathString path) =>
        BackgroundPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
        || Path.HasExtension(path.Value);
}
