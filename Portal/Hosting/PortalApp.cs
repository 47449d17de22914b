using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Api;
using Portal.Billing;
using Portal.Commissioning;
using Portal.Components;
using Portal.Data;

namespace Portal.Hosting;

/// <summary>Builds the portal web application; used by <c>Program</c> and by the tests.</summary>
public static class PortalApp
{
    public static WebApplication Build(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        // Serve MudBlazor's assets from the package when running from a build (a no-op once published).
        builder.WebHost.UseStaticWebAssets();
        builder.AddPortalLogging();
        builder.AddPortalServices();
        builder.AddPortalHealth();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UsePortalRequestLogging();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UsePortalNotFoundPage();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TwoFactorEnrolmentRequirement>();
        app.UseAntiforgery();

        app.MapPortalHealth();
        app.MapAccountEndpoints();
        app.MapCommissioningEndpoints();
        app.MapEnergyEndpoints();
        app.MapBillingRunEndpoints();
        app.MapInvoiceLedgerEndpoints();
        app.MapInvoiceEndpoints();
        app.MapOpenApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Checks every setting (stopping with a message that names the bad one), then brings the
    /// database schema up to date and, for the demo, seeds it. Runs before the server listens.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var paths = app.Services.GetRequiredService<PortalPaths>();
        Directory.CreateDirectory(paths.DataDirectory);
        await app.Services.GetRequiredService<PortalDatabase>().MigrateAsync(paths.DatabasePath, ct: ct);

        var demo = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Demo;
        if (demo.Seed)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var accounts = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(paths.DataDirectory, demo.SimulatorPort, ct);
            Console.WriteLine();
            Console.WriteLine("Demo accounts (also in " + Path.Combine(paths.DataDirectory, "demo-accounts.txt") + "):");
            foreach (var account in accounts)
            {
                Console.WriteLine($"  {account.Role,-14} {account.Email,-28} {account.Password}");
            }

            Console.WriteLine();
        }
    }
}
