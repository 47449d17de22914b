using System.ComponentModel.DataAnnotations;

namespace Portal.Billing.Mail;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same machine or network.</summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// The SMTP server invoices are sent through, under <c>Portal:Smtp</c>. Unset (no <see cref="Host"/>) means the portal
/// sends no mail; once a host is set, the rest is checked at start. The password is only ever read from
/// <see cref="PasswordFile"/>, a file readable by the portal's user alone (as <see cref="Hosting.SecretFile"/> writes
/// them), so it appears neither in appsettings nor on a command line.
/// </summary>
public sealed class SmtpSettings : IValidatableObject
{
    public const string Section = "Portal:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty when the server takes mail without signing in (a local relay).</summary>
    public string? UserName { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>The From address, for example <c>rechnungen@zev-sonnenhof.ch</c>.</summary>
    public string? SenderAddress { get; set; }

    /// <summary>The From name, for example <c>ZEV Sonnenhof</c>.</summary>
    public string? SenderName { get; set; }

    /// <summary>How long one SMTP command may take before the send fails.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"{Port} is not a TCP port (1-65535).", [nameof(Port)]);
        }

        if (!Enum.IsDefined(Security))
        {
            yield return new ValidationResult($"use one of {string.Join(", ", Enum.GetNames<SmtpSecurity>())}.", [nameof(Security)]);
        }

        if (TimeoutSeconds is < 1 or > 600)
        {
            yield return new ValidationResult("use 1 to 600 seconds.", [nameof(TimeoutSeconds)]);
        }

        if (string.IsNullOrWhiteSpace(SenderAddress) || !MimeKit.MailboxAddress.TryParse(SenderAddress, out _) || !SenderAddress.Contains('@', StringComparison.Ordinal))
        {
            yield return new ValidationResult("an SMTP server needs the sender's e-mail address.", [nameof(SenderAddress)]);
        }

        if (PasswordFile is { Length: > 0 })
        {
            if (string.IsNullOrWhiteSpace(UserName))
            {
                yield return new ValidationResult("a password needs a user name.", [nameof(UserName)]);
            }

            if (!File.Exists(PasswordFile))
            {
                yield return new ValidationResult($"file '{PasswordFile}' does not exist.", [nameof(PasswordFile)]);
            }
            else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(PasswordFile) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                yield return new ValidationResult($"file '{PasswordFile}' may be read by other users; chmod 600 it.", [nameof(PasswordFile)]);
            }
        }
        else if (!string.IsNullOrWhiteSpace(UserName))
        {
            yield return new ValidationResult("a user name needs a PasswordFile holding the password.", [nameof(PasswordFile)]);
        }
    }

    /// <summary>The password from <see cref="PasswordFile"/>, read when a mail is sent (so a changed file takes effect).</summary>
    public string? ReadPassword() => PasswordFile is { Length: > 0 } ? File.ReadAllText(PasswordFile).Trim() : null;
}
