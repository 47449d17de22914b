using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Portal.Data;
using Portal.Telemetry;

namespace Portal.Hosting;

/// <summary>
/// Health for a load balancer or supervisor: <c>/health/live</c> answers while the process serves requests;
/// <c>/health/ready</c> also needs the database and, when telemetry is on, the broker connection.
/// Metrics (the ingestion counters) leave through OpenTelemetry when an OTLP endpoint is set.
/// </summary>
public static class PortalHealth
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    /// <summary>The checks <c>/health/ready</c> runs (also shown on the administrator's Ingestion page).</summary>
    public static bool IsReadinessCheck(HealthCheckRegistration check) => check.Tags.Contains(ReadyTag);

    public static void AddPortalHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [ReadyTag])
            .AddCheck<BrokerCheck>("broker", tags: [ReadyTag]);

        var otlp = builder.Configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.Metrics)}:{nameof(MetricsSettings.OtlpEndpoint)}"];
        if (!string.IsNullOrWhiteSpace(otlp) && Uri.TryCreate(otlp, UriKind.Absolute, out var endpoint))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(IngestionStatistics.MeterName)
                .AddOtlpExporter(exporter => exporter.Endpoint = endpoint));
        }
    }

    public static void MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = IsReadinessCheck, ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    // Names and states only: a public probe learns nothing about the installation beyond up or down.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    private sealed class DatabaseCheck(IDbContextFactory<PortalDbContext> contexts) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("reachable")
                : HealthCheckResult.Unhealthy("unreachable");
        }
    }

    private sealed class BrokerCheck(PortalBroker broker) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(!broker.Enabled ? HealthCheckResult.Healthy("telemetry off")
                : broker.IsConnected ? HealthCheckResult.Healthy("connected")
                : HealthCheckResult.Unhealthy("not connected"));
    }
}
