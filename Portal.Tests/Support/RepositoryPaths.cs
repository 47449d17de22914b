namespace Portal.Tests.Support;

/// <summary>Where the repository and the built executables are, found from the test binary.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string PortalProject => Path.Combine(Root, "Portal");

    /// <summary>The Portal executable built alongside this test assembly (same configuration).</summary>
    public static string PortalExecutable => Path.Combine(PortalProject, "bin", Configuration, "net10.0", "Portal");

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "portal-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
