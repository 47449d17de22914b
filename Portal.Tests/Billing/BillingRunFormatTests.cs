using System.Globalization;
using Portal.Billing;
using Portal.Components.Pages.Owner;

namespace Portal.Tests.Billing;

/// <summary>What the billing run pages write: kWh with one to three decimals and money with two, in the reader's culture; where data is missing, as the drafts keep it.</summary>
public sealed class BillingRunFormatTests
{
    [Fact]
    public void Energy_is_written_in_kWh_with_one_to_three_decimals_and_money_with_two_in_the_readers_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-CH");
            Assert.Equal("1,5", BillingRunFormat.Kwh(1500));
            Assert.Equal("0,001", BillingRunFormat.Kwh(1));
            Assert.Equal("0,0", BillingRunFormat.Kwh(0));
            Assert.Equal("12,00", BillingRunFormat.Money(12m));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Missing_spans_read_back_as_written_even_for_a_meter_id_with_a_bar()
    {
        var spans = new[]
        {
            new MissingData("apt-1", new UtcSpan(new DateTime(2026, 3, 29, 0, 45, 0, DateTimeKind.Utc), new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc))),
            new MissingData("bus|7", new UtcSpan(new DateTime(2026, 11, 1, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc))),
        };

        var lines = MissingData.Lines(spans);

        Assert.Equal("apt-1|2026-03-29T00:45:00.0000000Z|2026-03-29T01:30:00.0000000Z\nbus|7|2026-11-01T23:00:00.0000000Z|2026-11-02T00:00:00.0000000Z", lines);
        var read = MissingData.Parse(lines);
        Assert.Equal(spans, read);
        Assert.All(read, s => Assert.Equal(DateTimeKind.Utc, s.Span.FromUtc.Kind));
        Assert.Null(MissingData.Lines([]));
        Assert.Empty(MissingData.Parse(null));
        Assert.Empty(MissingData.Parse("not a span"));
    }
}
