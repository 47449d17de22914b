using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>
/// For <c>dotnet ef</c> only (Program runs the command line, not a host the tools can read): the
/// context on the SQLite file named after <c>--</c> (<c>dotnet ef migrations list --project Portal -- /path/portal.db</c>),
/// else on the run command's database (<c>$PORTAL_DATA/portal/portal.db</c>, <c>data/portal/portal.db</c> in the repository).
/// </summary>
internal sealed class DesignTimePortalDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        PortalDatabase.CreateContext(args.Length > 0 ? args[0] : RunCommandDatabase());

    private static string RunCommandDatabase()
    {
        var data = Environment.GetEnvironmentVariable("PORTAL_DATA");
        if (string.IsNullOrEmpty(data))
        {
            var root = new DirectoryInfo(Directory.GetCurrentDirectory());
            while (root.Parent is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln")))
            {
                root = root.Parent;
            }

            data = Path.Combine(root.FullName, "data");
        }

        return Path.Combine(data, "portal", "portal.db");
    }
}
