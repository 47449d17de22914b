using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Billing;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Ledger;

/// <summary>Advance payments (INV-06) as the owner records them: the server's limits, and a deducted one stays.</summary>
public sealed class AdvancePaymentsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;
    private string _owner = null!;
    private Guid _site;
    private Guid _point;
    private Guid _resident;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await _server.CreateOwnedSiteAsync(_owner, "Apartment 1.1", "Apartment 1.2");
        _resident = await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Resident));
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        _point = await db.BillingPoints.Where(b => b.SiteId == _site && b.Name == "Apartment 1.1").Select(b => b.Id).SingleAsync();
        db.Occupancies.Add(new Occupancy { BillingPointId = _point, ResidentId = _resident, MoveIn = new DateOnly(2026, 1, 1), CreatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private AdvancePayments Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<AdvancePayments>();

    [Fact]
    public async Task INV06_server_refuses_an_amount_out_of_range_a_day_in_the_future_and_someone_who_never_lived_there()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var today = new DateOnly(2026, 12, 1);
        const string amount = "Enter an amount from 0.01 to 100,000.00 with at most two decimals.";

        Assert.Equal([amount], await Service().AddAsync(owner, _site, _point, _resident, today, 0m));
        Assert.Equal([amount], await Service().AddAsync(owner, _site, _point, _resident, today, 100_000.01m));
        Assert.Equal([amount], await Service().AddAsync(owner, _site, _point, _resident, today, 1.005m));
        Assert.Equal(["An advance cannot be paid in the future: enter the day it was paid."], await Service().AddAsync(owner, _site, _point, _resident, today.AddDays(1), 100m));
        var other = await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Resident));
        Assert.Equal(["This resident has never lived at this billing point."], await Service().AddAsync(owner, _site, _point, other, today, 100m));

        Assert.Empty(await Service().AddAsync(owner, _site, _point, _resident, today, 0.01m));
        Assert.Empty(await Service().AddAsync(owner, _site, _point, _resident, today.AddDays(-30), 100_000m));
        var view = (await Service().OfSiteAsync(owner, _site))!;
        Assert.Equal([0.01m, 100_000m], view.Payments.Select(p => p.Amount));
        Assert.Equal(("Apartment 1.1", _resident), (Assert.Single(view.Payers).BillingPointName, view.Payers[0].ResidentId));
    }

    [Fact]
    public async Task A_deducted_advance_cannot_be_deleted_an_open_one_can_and_another_owner_is_refused()
    {
        var owner = await _server.PrincipalAsync(_owner);
        Assert.Empty(await Service().AddAsync(owner, _site, _point, _resident, new DateOnly(2026, 10, 1), 150m));
        Assert.Empty(await Service().AddAsync(owner, _site, _point, _resident, new DateOnly(2026, 11, 1), 150m));
        var payments = (await Service().OfSiteAsync(owner, _site))!.Payments;
        var (deducted, open) = (payments.Single(p => p.PaidOn.Month == 10), payments.Single(p => p.PaidOn.Month == 11));
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // What issuing an invoice that deducts it does (BillingRuns.IssueAsync).
            await db.AdvancePayments.Where(a => a.Id == deducted.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.DeductedById, Guid.NewGuid()));
        }

        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        Assert.Null(await Service().OfSiteAsync(stranger, _site));
        Assert.Equal(["This site does not exist or is not yours."], await Service().DeleteAsync(stranger, _site, open.Id));
        Assert.Equal(["This site does not exist or is not yours."], await Service().AddAsync(stranger, _site, _point, _resident, new DateOnly(2026, 11, 1), 10m));

        Assert.Equal(["This advance is deducted on an issued invoice and stays; correct that invoice with a credit note."], await Service().DeleteAsync(owner, _site, deducted.Id));
        Assert.Empty(await Service().DeleteAsync(owner, _site, open.Id));
        var left = Assert.Single((await Service().OfSiteAsync(owner, _site))!.Payments);
        Assert.True(left.Deducted);
    }
}
