namespace Portal.Components;

/// <summary>The light or dark theme a person chose; remembered in a cookie the browser sends with every page.</summary>
public sealed record ThemeChoice(bool Dark)
{
    public const string CookieName = "portal.theme";

    public static bool IsDark(string? cookie) => string.Equals(cookie, "dark", StringComparison.Ordinal);
}
