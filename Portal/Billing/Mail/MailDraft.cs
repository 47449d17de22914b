namespace Portal.Billing.Mail;

/// <summary>Who a mail goes to: the name as it appears in the To header (any script) and the address.</summary>
public sealed record MailRecipient(string Name, string Address);

/// <summary>A file attached to a mail, for example an invoice PDF (<c>application/pdf</c>).</summary>
public sealed record MailAttachment(string FileName, byte[] Content, string ContentType);

/// <summary>One mail to send: plain text, with attachments.</summary>
public sealed record MailDraft(MailRecipient To, string Subject, string Body, IReadOnlyList<MailAttachment> Attachments);

/// <summary>Why a mail was not sent.</summary>
public enum MailFailure
{
    /// <summary>No SMTP server is set (<c>Portal:Smtp:Host</c>).</summary>
    NotConfigured,

    /// <summary>The recipient's or the sender's address cannot be used.</summary>
    InvalidAddress,

    /// <summary>The server cannot be reached, or the connection broke (also TLS failures and time-outs).</summary>
    CannotConnect,

    /// <summary>The server refused the user name or password.</summary>
    AuthenticationFailed,

    /// <summary>The server refused the sender, the recipient or the message.</summary>
    Refused,
}

/// <summary>
/// What sending did: the Message-Id of the mail the server accepted, or why it failed, as a SharedResource key
/// (<see cref="ErrorKey"/>, <c>Mail.*</c>) with the server's own words in <see cref="Detail"/>.
/// </summary>
public sealed record MailOutcome(string? MessageId, MailFailure? Failure, string? Detail)
{
    public bool Succeeded => Failure is null;

    public string? ErrorKey => Failure is { } failure ? $"Mail.{failure}" : null;

    public static MailOutcome Sent(string messageId) => new(messageId, null, null);

    public static MailOutcome Failed(MailFailure failure, string? detail = null) => new(null, failure, detail);
}
