using Microsoft.Extensions.Options;

namespace Portal.Hosting;

/// <summary>Absolute paths derived from <see cref="PortalOptions"/> and the content root.</summary>
public sealed class PortalPaths(IOptions<PortalOptions> options, IHostEnvironment environment)
{
    public string DataDirectory { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.DataDirectory));

    /// <summary>The data folder read straight from configuration, for what is set up before options are validated (logging, keys).</summary>
    public static string DataDirectoryFrom(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(
            environment.ContentRootPath,
            configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.DataDirectory)}"] is { Length: > 0 } configured ? configured : "data"));

    public string DatabasePath => options.Value.DatabasePath is { Length: > 0 } path
        ? Path.GetFullPath(Path.Combine(environment.ContentRootPath, path))
        : Path.Combine(DataDirectory, "portal.db");

    public string LogDirectory => Path.Combine(DataDirectory, "logs");
}
