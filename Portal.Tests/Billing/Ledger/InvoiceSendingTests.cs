using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Portal.Billing;
using Portal.Billing.Mail;
using Portal.Data;
using Portal.Tests.Billing.Mail;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Ledger;

/// <summary>Issued invoices sent through a real SMTP server on loopback (aiosmtpd), the send recorded (issue 10, item 5).</summary>
public sealed class InvoiceSendingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private SmtpPeer _peer = null!;
    private PortalServer _server = null!;
    private IssuedInvoiceSite _site = null!;

    public async Task InitializeAsync()
    {
        _peer = await SmtpPeer.StartAsync();
        _server = await PortalServer.StartAsync(_clock, "--Portal:Smtp:Host=127.0.0.1", $"--Portal:Smtp:Port={_peer.Port}", "--Portal:Smtp:Security=None",
            "--Portal:Smtp:SenderAddress=rechnungen@zev-sonnenhof.ch", "--Portal:Smtp:SenderName=ZEV Sonnenhof", "--Portal:Smtp:TimeoutSeconds=10");
        _site = await IssuedInvoiceSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _peer.DisposeAsync();
    }

    private InvoiceSending Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<InvoiceSending>();

    [Fact]
    public async Task An_issued_invoice_goes_to_its_resident_with_its_frozen_PDF_and_the_send_is_recorded_then_the_run_sends_the_rest()
    {
        var owner = await _site.OwnerAsync(_server);
        var invoice = (await _site.InvoicesAsync(_server))["Apartment 1"];

        var outcome = await Service().SendAsync(owner, invoice.Id);

        Assert.True(outcome.Sent, outcome.Error);
        var (_, message, recipients) = Assert.Single(_peer.Received());
        Assert.Equal([_site.Residents["Apartment 1"]], recipients);
        Assert.Equal($"Invoice {invoice.NumberText} – Apartment 1", message.Subject);
        Assert.Contains($"Amount due: {invoice.AmountDue:N2} CHF", message.TextBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(invoice.Pdf, content.ToArray());

        var sent = (await _site.InvoicesAsync(_server))["Apartment 1"];
        Assert.Equal((InvoiceStatus.Sent, _clock.GetUtcNow().UtcDateTime, _site.Residents["Apartment 1"]), (sent.Status, sent.SentUtc!.Value, sent.SentTo));

        // The run sends what is not sent yet: only the other apartment's invoice.
        var run = await Service().SendRunAsync(owner, _site.RunId);
        Assert.Equal((1, 0), (run.Sent, run.Errors.Count));
        Assert.Equal(2, _peer.Received().Count);
        var french = (await _site.InvoicesAsync(_server))["Apartment 2"];
        Assert.Equal((InvoiceStatus.Sent, "fr-CH"), (french.Status, french.Culture));
        var (_, frenchMessage, _) = _peer.Received()[1];
        Assert.Equal($"Facture {french.NumberText} – Apartment 2", frenchMessage.Subject);
        Assert.Contains($"Facture {french.NumberText}", await PdfText.ExtractAsync(french.Pdf!), StringComparison.Ordinal);
        Assert.Contains($"Invoice {invoice.NumberText}", await PdfText.ExtractAsync(invoice.Pdf!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_gives_its_message_and_records_nothing_and_a_stranger_sends_nothing()
    {
        var invoice = (await _site.InvoicesAsync(_server))["Apartment 1"];
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Portal.Accounts.Roles.Owner));
        Assert.False((await Service().SendAsync(stranger, invoice.Id)).Sent);
        Assert.Empty(_peer.Received());

        await _peer.DisposeAsync();
        var outcome = await Service().SendAsync(await _site.OwnerAsync(_server), invoice.Id);

        Assert.False(outcome.Sent);
        Assert.Contains("The mail server cannot be reached: 127.0.0.1:", outcome.Error, StringComparison.Ordinal);
        var stored = (await _site.InvoicesAsync(_server))["Apartment 1"];
        Assert.Equal((InvoiceStatus.Issued, (DateTime?)null, (string?)null), (stored.Status, stored.SentUtc, stored.SentTo));
    }
}
