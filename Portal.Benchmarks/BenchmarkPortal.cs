using Microsoft.AspNetCore.Builder;
using Portal.Hosting;

namespace Portal.Benchmarks;

/// <summary>The real portal with its migrated SQLite database in <c>directory</c>, no broker, warnings only: what the data benchmarks run against.</summary>
public static class BenchmarkPortal
{
    public static async Task<WebApplication> StartAsync(string directory)
    {
        var app = PortalApp.Build(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={directory}", "--Portal:Broker:Enabled=false", "--Serilog:MinimumLevel:Default=Warning"],
            ApplicationName = "Portal",
            ContentRootPath = directory,
        });
        await PortalApp.PrepareAsync(app);
        return app;
    }
}
