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
        var points = site.BillingPoints.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var meter in meters)
        {
            BillingPoint? point = null;
            if (meter.BillingPoint is { Length: > 0 } label && !points.TryGetValue(label.Trim(), out point))
            {
                // A new label is a new billing point: the owner links the resident later.
                point = new BillingPoint { Name = label.Trim(), SiteId = site.Id };
                db.BillingPoints.Add(point);
                site.BillingPoints.Add(point);
                points[point.Name] = point;
            }

            db.Meters.Add(new Meter
            {
                Id = "m-" + Guid.NewGuid().ToString("N")[..12],
                SiteId = site.Id,
                BusId = meter.BusId,
                Name = meter.Name,
                Model = meter.Model,
                UnitId = meter.UnitId,
                Role = meter.Role,
                CtRatio = meter.CtRatio,
                Serial = meter.Serial,
                BillingPointId = point?.Id,
                // With one connection its introduction meter is obvious; with several the installer links it.
                GridConnectionId = meter.Role == MeterRole.GridIntroduction && site.GridConnections.Count == 1 ? site.GridConnections[0].Id : null,
            });
        }
    }
}
