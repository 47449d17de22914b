using Portal.Edge.Control;

namespace Portal.Tests.Edge.Control;

public sealed class QuarterHourImportTests
{
    private static readonly DateTimeOffset Quarter = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Energy_is_split_at_the_quarter_boundary_and_export_counts_as_nothing()
    {
        var quarter = new QuarterHourImport();
        quarter.Add(Quarter.AddSeconds(-30), 3600m);
        quarter.Add(Quarter.AddSeconds(30), -1000m); // 30 s of 3600 W fall in the new quarter
        quarter.Add(Quarter.AddSeconds(90), 1800m);  // 60 s of export: nothing

        Assert.Equal(30m, quarter.EnergyWh);
    }

    [Fact]
    public void The_allowed_import_spreads_what_is_left_of_the_target_over_the_time_left()
    {
        var quarter = new QuarterHourImport();
        quarter.Add(Quarter, 4000m);
        quarter.Add(Quarter.AddMinutes(5), 4000m); // 333.3 Wh in 5 min

        // 2500 W target = 625 Wh; 291.7 Wh left over 10 min = 1750 W.
        Assert.Equal(1750m, decimal.Round(quarter.AllowedImportW(Quarter.AddMinutes(5), 2500), 1));
        Assert.Equal(4000m, decimal.Round(quarter.ForecastAverageW(Quarter.AddMinutes(5), 4000m), 1));
    }
}
