using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Tests.Commissioning;

public sealed class BusChecksTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = CommissioningTextForUi();

    [Fact]
    public void Two_converters_on_the_same_address_are_refused_even_written_differently()
    {
        var errors = BusChecks.Check(
        [
            new BusForm { Name = "Building A", Host = "192.168.1.50", Port = 502 },
            new BusForm { Name = "Building B", Host = "192.168.1.050", Port = null },
        ], Text);

        Assert.Contains(errors, e => e.Contains("Building A, Building B", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("192.168.1.300")]
    [InlineData("")]
    [InlineData("10.1")]
    public void A_converter_address_that_is_not_an_address_is_refused(string host)
    {
        var errors = BusChecks.Check([new BusForm { Name = "Converter 1", Host = host }], Text);

        Assert.Contains(errors, e => e.Contains("Converter 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Serial_buses_need_their_device_and_every_bus_a_distinct_name()
    {
        var errors = BusChecks.Check(
        [
            new BusForm { Name = "Port", Kind = BusKind.Rtu, Device = "" },
            new BusForm { Name = "port", Host = "10.0.0.2" },
        ], Text);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Good_buses_pass()
    {
        Assert.Empty(BusChecks.Check(
        [
            new BusForm { Name = "Converter 1", Host = "10.0.0.2", Port = 502 },
            new BusForm { Name = "Gateway port", Kind = BusKind.Rtu, Device = "/dev/ttyUSB0" },
        ], Text));
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer CommissioningTextForUi()
    {
        var factory = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return factory.Create(typeof(Portal.Localization.SharedResource));
    }
}
