using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Portal.Billing.Mail;

namespace Portal.Tests.Billing.Mail;

/// <summary>The invoice mailer against a real SMTP server on loopback (aiosmtpd, <see cref="SmtpPeer"/>).</summary>
public sealed class InvoiceMailerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private SmtpPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await SmtpPeer.StartAsync();

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    private InvoiceMailer Mailer(SmtpSettings settings) =>
        new(new StaticOptions(settings), _clock, NullLogger<InvoiceMailer>.Instance);

    private SmtpSettings Settings(int? port = null) => new()
    {
        Host = "127.0.0.1",
        Port = port ?? _peer.Port,
        Security = SmtpSecurity.None,
        SenderAddress = "rechnungen@zev-sonnenhof.ch",
        SenderName = "ZEV Sonnenhof Zürich",
        TimeoutSeconds = 10,
    };

    private static byte[] Pdf()
    {
        // Every byte value, so an encoding that touches any of them shows.
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n").Concat(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256))).ToArray();
        return bytes;
    }

    private static MailDraft Draft(string address = "chloe@example.ch", byte[]? pdf = null) => new(
        new MailRecipient("Chloé Dupré, Genève", address),
        "Facture 2025-0112 · Électricité Q1 2025, Zürich",
        "Bonjour,\n\nvous trouvez ci-joint la facture pour l'électricité du 1er trimestre.\n\nZEV Sonnenhof",
        [new MailAttachment("Rechnung 2025-0112 Zürich.pdf", pdf ?? Pdf(), "application/pdf")]);

    [Fact]
    public async Task An_invoice_arrives_with_its_PDF_byte_equal_and_its_names_and_subject_encoded_right()
    {
        var pdf = Pdf();

        var outcome = await Mailer(Settings()).SendAsync(Draft(pdf: pdf));

        Assert.True(outcome.Succeeded, $"{outcome.ErrorKey} {outcome.Detail}");
        var (raw, message, recipients) = Assert.Single(_peer.Received());
        Assert.Equal(["chloe@example.ch"], recipients);
        Assert.Equal(outcome.MessageId, message.MessageId);
        Assert.Equal("Facture 2025-0112 · Électricité Q1 2025, Zürich", message.Subject);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal(("Chloé Dupré, Genève", "chloe@example.ch"), (to.Name, to.Address));
        var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
        Assert.Equal(("ZEV Sonnenhof Zürich", "rechnungen@zev-sonnenhof.ch"), (from.Name, from.Address));
        // Headers travel as 7-bit encoded words, which every server and client takes.
        var headers = raw.AsSpan(0, raw.AsSpan().IndexOf("\r\n\r\n"u8));
        Assert.DoesNotContain(headers.ToArray(), b => b >= 0x80);
        Assert.Contains("=?utf-8?", Encoding.ASCII.GetString(headers), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1er trimestre", message.TextBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("Rechnung 2025-0112 Zürich.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(pdf, content.ToArray());
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_gives_the_error_with_the_servers_words()
    {
        var outcome = await Mailer(Settings()).SendAsync(Draft("refused@example.ch"));

        Assert.Equal(MailFailure.Refused, outcome.Failure);
        Assert.Equal("Mail.Refused", outcome.ErrorKey);
        Assert.Contains("550", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(outcome.MessageId);
        Assert.Empty(_peer.Received());
    }

    [Fact]
    public async Task A_closed_port_gives_cannot_connect()
    {
        var outcome = await Mailer(Settings(port: SmtpPeer.FreePort())).SendAsync(Draft());

        Assert.Equal(MailFailure.CannotConnect, outcome.Failure);
    }

    [Fact]
    public async Task Without_an_SMTP_server_set_nothing_is_sent_and_the_outcome_says_so()
    {
        var outcome = await Mailer(new SmtpSettings()).SendAsync(Draft());

        Assert.Equal(MailFailure.NotConfigured, outcome.Failure);
    }

    [Fact]
    public async Task An_unusable_recipient_address_is_refused_before_connecting()
    {
        var outcome = await Mailer(Settings()).SendAsync(Draft("not an address"));

        Assert.Equal(MailFailure.InvalidAddress, outcome.Failure);
    }

    private sealed class StaticOptions(SmtpSettings value) : IOptionsMonitor<SmtpSettings>
    {
        public SmtpSettings CurrentValue => value;

        public SmtpSettings Get(string? name) => value;

        public IDisposable? OnChange(Action<SmtpSettings, string?> listener) => null;
    }
}
