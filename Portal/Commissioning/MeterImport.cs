using Portal.Data;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>Turns checked sheet rows into meters of a site, creating billing points for new labels.</summary>
public static class MeterImport
{
    /// <summary>
    /// Adds the meters (and any new billing points) to <paramref name="db"/> without saving.
    /// <paramref name="site"/> must be tracked with its billing points and grid connections loaded.
    /// </summary>
    public static void AddTo(PortalDbContext db, Site site, IReadOnlyList<ValidMeter> meters)
    {
        foreach (var meter in meters)
        {
            var stored = new Meter { Id = "m-" + Guid.NewGuid().ToString("N")[..12], SiteId = site.Id, BusId = meter.BusId, Name = meter.Name, Model = meter.Model };
            Apply(db, site, meter, stored);
            db.Meters.Add(stored);
        }
    }

    /// <summary>Copies a checked row onto a stored meter (an edit in the grid keeps the meter's id and its data).</summary>
    public static void Apply(PortalDbContext db, Site site, ValidMeter meter, Meter stored)
    {
        BillingPoint? point = null;
        if (meter.BillingPoint is { Length: > 0 } label)
        {
            point = site.BillingPoints.FirstOrDefault(b => string.Equals(b.Name, label.Trim(), StringComparison.OrdinalIgnoreCase));
            if (point is null)
            {
                // A new label is a new billing point: the owner links the resident later.
                point = new BillingPoint { Name = label.Trim(), SiteId = site.Id };
                db.BillingPoints.Add(point);
                site.BillingPoints.Add(point);
            }
        }

        stored.BusId = meter.BusId;
        stored.Name = meter.Name;
        stored.Model = meter.Model;
        stored.UnitId = meter.UnitId;
        stored.Role = meter.Role;
        stored.CtRatio = meter.CtRatio;
        stored.Serial = meter.Serial;
        stored.BillingPointId = point?.Id;
        // With one connection its introduction meter is obvious; with several the installer links it.
        stored.GridConnectionId = meter.Role == MeterRole.GridIntroduction && site.GridConnections.Count == 1 ? site.GridConnections[0].Id : stored.GridConnectionId;
    }
}
