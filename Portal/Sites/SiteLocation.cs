namespace Portal.Sites;

/// <summary>
/// Roughly where a site is, for the sun over its PV. Sites do not store coordinates yet: the capital of
/// the country of the site's time zone is close enough to tell day from night (Switzerland when unknown).
/// </summary>
public sealed record SiteLocation(double Latitude, double Longitude)
{
    public static SiteLocation Switzerland { get; } = new(46.95, 7.45);

    public static SiteLocation Of(string? timeZone) => timeZone switch
    {
        "Europe/Berlin" => new(52.52, 13.40),
        "Europe/Paris" => new(48.86, 2.35),
        "Europe/Vienna" => new(48.21, 16.37),
        "Europe/Brussels" => new(50.85, 4.35),
        "Europe/Rome" => new(41.90, 12.50),
        _ => Switzerland,
    };
}
