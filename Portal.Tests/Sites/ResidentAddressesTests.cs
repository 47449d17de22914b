using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Sites;

/// <summary>Residents' postal addresses (QR-06 structured), entered by the site's owner, read by billing.</summary>
public sealed class ResidentAddressesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;
    private string _owner = null!;
    private Guid _site;
    private Guid _resident;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await _server.CreateOwnedSiteAsync(_owner, "Apartment 1.1");
        var email = await _server.CreateAccountAsync(Roles.Resident);
        var owner = await _server.PrincipalAsync(_owner);
        var points = Scope().GetRequiredService<BillingPoints>();
        var point = (await points.ForAsync(owner, _site))!.Points.Single();
        var linked = await points.LinkResidentAsync(owner, _site, point.Id, new ResidentLink(email, "", new DateOnly(2026, 1, 1), null));
        Assert.True(linked.Succeeded, string.Join(" ", linked.Errors));
        _resident = (await points.ForAsync(owner, _site))!.Points.Single().Occupancies.Single().ResidentId;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IServiceProvider Scope() => _server.App.Services.CreateScope().ServiceProvider;

    private ResidentAddresses Service() => Scope().GetRequiredService<ResidentAddresses>();

    private static PostalAddressForm Form(string name = "Chloé Dupré", string street = "Rue du Rhône", string? number = "12", string code = "1204", string town = "Genève", string country = "ch") =>
        new(name, street, number, code, town, country);

    [Fact]
    public async Task A_resident_without_an_address_has_none_until_the_owner_enters_it()
    {
        var owner = await _server.PrincipalAsync(_owner);
        Assert.Null(await Service().ResidentAddressOfAsync(owner, _site, _resident));

        var errors = await Service().SaveAsync(owner, _site, _resident, Form(street: "  Rue du Rhône "));

        Assert.Empty(errors);
        Assert.Equal(new Portal.Billing.StructuredAddress("Chloé Dupré", "Rue du Rhône", "12", "1204", "Genève", "CH"), await Service().ResidentAddressOfAsync(owner, _site, _resident));
        Assert.Equal("Genève", (await Scope().GetRequiredService<BillingPoints>().ForAsync(owner, _site))!.Points.Single().Occupancies.Single().ResidentAddress!.Town);
    }

    [Fact]
    public async Task Parts_over_the_QR_bill_limits_and_missing_parts_are_refused_on_the_server()
    {
        var owner = await _server.PrincipalAsync(_owner);

        var errors = await Service().SaveAsync(owner, _site, _resident,
            Form(name: new string('N', 71), street: new string('S', 71), number: new string('9', 17), code: "", town: new string('T', 36), country: "CHE"));

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.Contains("70", StringComparison.Ordinal) && e.Contains("Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("35", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("16", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("two-letter ISO code", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Postal code", StringComparison.Ordinal));
        Assert.Null(await Service().ResidentAddressOfAsync(owner, _site, _resident));
        Assert.Empty(await Service().SaveAsync(owner, _site, _resident, Form(name: new string('N', 70), town: new string('T', 35), number: null)));
    }

    [Fact]
    public async Task The_owner_of_another_site_can_neither_set_nor_read_the_address()
    {
        var owner = await _server.PrincipalAsync(_owner);
        await Service().SaveAsync(owner, _site, _resident, Form());
        var other = await _server.CreateAccountAsync(Roles.Owner);
        var otherSite = await _server.CreateOwnedSiteAsync(other, "Flat A");
        var stranger = await _server.PrincipalAsync(other);

        var onTheirSite = await Service().SaveAsync(stranger, _site, _resident, Form(town: "Bern"));
        var throughTheirOwn = await Service().SaveAsync(stranger, otherSite, _resident, Form(town: "Bern"));

        Assert.Contains("not found", Assert.Single(onTheirSite), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("does not live", Assert.Single(throughTheirOwn), StringComparison.Ordinal);
        Assert.Null(await Service().ResidentAddressOfAsync(stranger, _site, _resident));
        Assert.Null(await Service().ResidentAddressOfAsync(stranger, otherSite, _resident));
        Assert.Equal("Genève", (await Service().ResidentAddressOfAsync(owner, _site, _resident))!.Town);
    }

    [Fact]
    public async Task Emptying_every_field_removes_the_address()
    {
        var owner = await _server.PrincipalAsync(_owner);
        await Service().SaveAsync(owner, _site, _resident, Form());

        Assert.Empty(await Service().SaveAsync(owner, _site, _resident, new PostalAddressForm("", " ", null, "", "", "")));

        Assert.Null(await Service().ResidentAddressOfAsync(owner, _site, _resident));
    }
}
