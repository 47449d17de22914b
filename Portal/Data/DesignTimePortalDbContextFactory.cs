using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>
/// For <c>dotnet ef</c> only (Program runs the command line, not a host the tools can read):
/// the context on SQLite at <c>data/portal.db</c> under the current folder, or on the file named
/// after <c>--</c> (<c>dotnet ef migrations list --project Portal -- /path/portal.db</c>).
/// </summary>
internal sealed class DesignTimePortalDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(Directory.GetCurrentDirectory(), "data", "portal.db");
        return new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(PortalDatabase.ConnectionString(path))
            .Options);
    }
}
