using System.Globalization;
using Portal.Localization;

namespace Portal.Billing;

/// <summary>
/// Writes an invoice in its own language (<see cref="Invoice.Culture"/>): its PDF, a credit note of it, its e-mail.
/// Culture lives in an async local, so the scope holds for the work inside it on this flow only, also on a worker thread.
/// </summary>
public static class InvoiceCulture
{
    public static IDisposable Enter(Invoice invoice) => Enter(invoice.Culture);

    /// <summary>Switches to <paramref name="culture"/> when the portal speaks it (else keeps the current one) until disposed.</summary>
    public static IDisposable Enter(string? culture)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        if (culture is not null && PortalCultures.Supported.Contains(culture))
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        }

        return new Restore(before, beforeUi);
    }

    private sealed class Restore(CultureInfo culture, CultureInfo uiCulture) : IDisposable
    {
        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
    }
}
