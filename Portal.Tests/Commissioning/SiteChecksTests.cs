using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Tests.Commissioning;

public sealed class SiteChecksTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = SharedText();

    [Fact]
    public void A_site_without_a_name_or_with_an_unnamed_connection_is_refused_with_both_reasons()
    {
        var errors = SiteChecks.Check(new SiteForm { Name = " ", Connections = [new GridConnectionForm { Name = "" }] }, Text);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_virtual_rcp_needs_two_connections_and_a_standard_rcp_exactly_one()
    {
        Assert.Single(SiteChecks.Check(new SiteForm { Name = "V", Type = SiteType.VirtualRcp }, Text));
        Assert.Single(SiteChecks.Check(new SiteForm { Name = "S", Connections = [new(), new()] }, Text));
        Assert.Empty(SiteChecks.Check(new SiteForm { Name = "V", Type = SiteType.VirtualRcp, Connections = [new(), new()] }, Text));
    }

    [Fact]
    public void A_named_standard_site_with_one_connection_passes()
    {
        Assert.Empty(SiteChecks.Check(new SiteForm { Name = "Résidence" }, Text));
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer SharedText()
    {
        var factory = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return factory.Create(typeof(Portal.Localization.SharedResource));
    }
}
