using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>The portal's one theme, with its light and dark palettes.</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2e6b3f",
            Secondary = "#f2a900",
            AppbarBackground = "#2e6b3f",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7cc48f",
            Secondary = "#f2c14e",
            AppbarBackground = "#1e2a22",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "DejaVu Sans", "sans-serif"] },
        },
    };
}
