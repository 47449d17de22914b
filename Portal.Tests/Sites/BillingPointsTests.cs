using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Sites;

/// <summary>The owner's billing points and occupancy history, through the real service on the portal's SQLite file.</summary>
public sealed class BillingPointsTests : IAsyncLifetime
{
    // 10:00 in Zurich on 1 December 2026.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2026, 12, 1);
    private PortalServer _server = null!;
    private string _owner = null!;
    private Guid _site;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await _server.CreateOwnedSiteAsync(_owner, "Apartment 1.1", "Apartment 1.2");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private BillingPoints Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<BillingPoints>();

    private async Task<BillingPointView> PointAsync(string name) =>
        (await Service().ForAsync(await _server.PrincipalAsync(_owner), _site))!.Points.Single(p => p.Name == name);

    [Fact]
    public async Task Owner_links_an_existing_resident_and_an_overlapping_second_resident_is_refused()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var anna = await _server.CreateAccountAsync(Roles.Resident);
        var ben = await _server.CreateAccountAsync(Roles.Resident);
        var point = await PointAsync("Apartment 1.1");

        var linked = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(anna, "", Today.AddMonths(-6), Today.AddDays(10)));
        var overlapping = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(ben, "", Today.AddDays(9), null));
        var next = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(ben, "", Today.AddDays(10), null));

        Assert.True(linked.Succeeded);
        Assert.Null(linked.Invitation);
        Assert.Contains("Someone else lives in this billing point", Assert.Single(overlapping.Errors), StringComparison.Ordinal);
        Assert.True(next.Succeeded, string.Join(" ", next.Errors));
        var history = (await PointAsync("Apartment 1.1")).Occupancies;
        Assert.Equal([ben, anna], history.Select(o => o.ResidentEmail));
        Assert.Equal(anna, Assert.Single(history, o => o.IsCurrent).ResidentEmail);
    }

    [Fact]
    public async Task Changing_dates_keeps_the_history_free_of_overlaps_and_a_move_out_before_the_move_in_is_refused()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var point = await PointAsync("Apartment 1.2");
        await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Resident), "", Today.AddYears(-2), Today.AddYears(-1)));
        await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Resident), "", Today.AddYears(-1), null));
        var history = (await PointAsync("Apartment 1.2")).Occupancies;
        var earlier = history.Single(o => !o.IsCurrent);

        var intoTheNext = await Service().ChangeDatesAsync(owner, _site, earlier.Id, earlier.MoveIn, Today);
        var backwards = await Service().ChangeDatesAsync(owner, _site, earlier.Id, earlier.MoveIn, earlier.MoveIn.AddDays(-1));
        var shorter = await Service().ChangeDatesAsync(owner, _site, earlier.Id, earlier.MoveIn, Today.AddYears(-1).AddDays(-14));

        Assert.Contains("Someone else lives", Assert.Single(intoTheNext), StringComparison.Ordinal);
        Assert.Contains("after the move-in day", Assert.Single(backwards), StringComparison.Ordinal);
        Assert.Empty(shorter);
        Assert.Equal(Today.AddYears(-1).AddDays(-14), (await PointAsync("Apartment 1.2")).Occupancies.Single(o => o.Id == earlier.Id).MoveOut);
    }

    [Fact]
    public async Task A_new_address_gets_a_resident_account_and_a_one_time_link_whose_token_is_stored_only_hashed()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var point = await PointAsync("Apartment 1.1");

        var outcome = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink("new.resident@test.example", "Nina Neuhaus", Today, null));

        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors));
        var link = Assert.IsType<InvitationLink>(outcome.Invitation);
        var token = link.Path[(link.Path.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
        Assert.True(token.Length >= 43);
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == "new.resident@test.example");
        Assert.Null(user.PasswordHash);
        Assert.Equal("Nina Neuhaus", user.DisplayName);
        var stored = await db.AccountInvitations.SingleAsync(i => i.UserId == user.Id);
        Assert.Equal(SecretToken.Hash(token), stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + AccountInvitations.InvitationLifetime, stored.ExpiresUtc);
        Assert.True((await (from r in db.UserRoles join role in db.Roles on r.RoleId equals role.Id where r.UserId == user.Id select role.Name).SingleAsync()) == Roles.Resident);
    }

    [Fact]
    public async Task A_new_resident_needs_a_name_and_an_account_of_another_role_cannot_be_linked()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var point = await PointAsync("Apartment 1.1");

        var nameless = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink("nameless@test.example", "  ", Today, null));
        var installer = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Installer), "", Today, null));

        Assert.Contains("Enter the person's name.", nameless.Errors);
        Assert.Contains("not a resident account", Assert.Single(installer.Errors), StringComparison.Ordinal);
        Assert.Empty((await PointAsync("Apartment 1.1")).Occupancies);
    }

    [Fact]
    public async Task Another_owner_can_neither_see_nor_change_the_sites_billing_points()
    {
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        var point = await PointAsync("Apartment 1.1");

        Assert.Null(await Service().ForAsync(stranger, _site));
        Assert.NotEmpty(await Service().SaveAsync(stranger, _site, null, "Shop", BillingPointKind.Office));
        Assert.False((await Service().LinkResidentAsync(stranger, _site, point.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Resident), "", Today, null))).Succeeded);
        Assert.NotEmpty(await Service().DeleteAsync(stranger, _site, point.Id));
        Assert.Equal(2, (await Service().ForAsync(await _server.PrincipalAsync(_owner), _site))!.Points.Count);
    }

    [Fact]
    public async Task Billing_point_names_are_required_unique_and_at_most_200_characters_and_kinds_are_kept()
    {
        var owner = await _server.PrincipalAsync(_owner);

        Assert.Equal(["Enter the billing point's name."], await Service().SaveAsync(owner, _site, null, "   ", BillingPointKind.Dwelling));
        Assert.Equal(["The name may have at most 200 characters."], await Service().SaveAsync(owner, _site, null, new string('x', 201), BillingPointKind.Dwelling));
        Assert.Contains("already has a billing point", Assert.Single(await Service().SaveAsync(owner, _site, null, "apartment 1.1", BillingPointKind.Dwelling)), StringComparison.Ordinal);
        Assert.Empty(await Service().SaveAsync(owner, _site, null, "Common areas", BillingPointKind.CommonArea));
        Assert.Equal(BillingPointKind.CommonArea, (await PointAsync("Common areas")).Kind);
    }

    [Fact]
    public async Task A_billing_point_with_a_history_cannot_be_deleted_and_one_without_can()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var lived = await PointAsync("Apartment 1.1");
        await Service().LinkResidentAsync(owner, _site, lived.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Resident), "", Today, null));

        Assert.NotEmpty(await Service().DeleteAsync(owner, _site, lived.Id));
        Assert.Empty(await Service().DeleteAsync(owner, _site, (await PointAsync("Apartment 1.2")).Id));
        Assert.Equal(["Apartment 1.1"], (await Service().ForAsync(owner, _site))!.Points.Select(p => p.Name));
    }

    [Fact]
    public async Task An_archived_site_is_read_only()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var point = await PointAsync("Apartment 1.1");
        var directory = _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<SiteDirectory>();
        Assert.Empty(await directory.SetArchivedAsync(owner, _site, archived: true));

        var link = await Service().LinkResidentAsync(owner, _site, point.Id, new ResidentLink(await _server.CreateAccountAsync(Roles.Resident), "", Today, null));
        var rename = await Service().SaveAsync(owner, _site, point.Id, "Renamed", BillingPointKind.Dwelling);

        Assert.Contains("archived", Assert.Single(link.Errors), StringComparison.Ordinal);
        Assert.Contains("archived", Assert.Single(rename), StringComparison.Ordinal);
        Assert.True((await Service().ForAsync(owner, _site))!.Archived);
    }
}
