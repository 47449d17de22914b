using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Portal.Billing.Mail;

/// <summary>Sends a mail (an issued invoice with its PDF); recording the send is the caller's.</summary>
public interface IInvoiceMailer
{
    /// <summary>The outcome, never an exception for what the server or the network does (only for cancellation).</summary>
    Task<MailOutcome> SendAsync(MailDraft draft, CancellationToken ct = default);
}

/// <summary>
/// <see cref="IInvoiceMailer"/> through the SMTP server of <see cref="SmtpSettings"/> with MailKit: one connection
/// per mail (invoices go out one by one, minutes apart). Non-ASCII names and subjects are sent as RFC 2047
/// encoded words, so any server takes them.
/// </summary>
public sealed partial class InvoiceMailer(IOptionsMonitor<SmtpSettings> settings, TimeProvider clock, ILogger<InvoiceMailer> log) : IInvoiceMailer
{
    public async Task<MailOutcome> SendAsync(MailDraft draft, CancellationToken ct = default)
    {
        var smtp = settings.CurrentValue;
        if (!smtp.IsConfigured || smtp.Host is not { } host)
        {
            return MailOutcome.Failed(MailFailure.NotConfigured);
        }

        if (!MailboxAddress.TryParse(draft.To.Address, out var to) || !draft.To.Address.Contains('@', StringComparison.Ordinal)
            || !MailboxAddress.TryParse(smtp.SenderAddress, out var from))
        {
            return MailOutcome.Failed(MailFailure.InvalidAddress, draft.To.Address);
        }

        to.Name = draft.To.Name;
        from.Name = smtp.SenderName ?? "";
        var messageId = MimeUtils.GenerateMessageId(from.Domain);
        var message = Compose(draft, from, to, messageId);
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(host, smtp.Port, Options(smtp.Security), ct);
            if (!string.IsNullOrWhiteSpace(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.ReadPassword() ?? "", ct);
            }

            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            LogSent(messageId, host);
            return MailOutcome.Sent(messageId);
        }
        catch (SmtpCommandException e)
        {
            LogFailed(e, MailFailure.Refused, host);
            return MailOutcome.Failed(MailFailure.Refused, $"{(int)e.StatusCode} {e.Message}".Trim());
        }
        catch (AuthenticationException e)
        {
            LogFailed(e, MailFailure.AuthenticationFailed, host);
            return MailOutcome.Failed(MailFailure.AuthenticationFailed, e.Message);
        }
        catch (Exception e) when (e is SocketException or IOException or SslHandshakeException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogFailed(e, MailFailure.CannotConnect, host);
            return MailOutcome.Failed(MailFailure.CannotConnect, $"{smtp.Host}:{smtp.Port}: {e.Message}");
        }
    }

    private MimeMessage Compose(MailDraft draft, MailboxAddress from, MailboxAddress to, string messageId)
    {
        var message = new MimeMessage
        {
            Subject = draft.Subject,
            Date = clock.GetUtcNow(),
            MessageId = messageId,
        };
        message.From.Add(from);
        message.To.Add(to);
        var body = new BodyBuilder { TextBody = draft.Body };
        foreach (var attachment in draft.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} accepted by {Host}")]
    private partial void LogSent(string messageId, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail not sent ({Failure}) through {Host}")]
    private partial void LogFailed(Exception error, MailFailure failure, string host);
}
