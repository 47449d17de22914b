using Microsoft.AspNetCore.Identity;

namespace Portal.Accounts;

/// <summary>
/// A person who signs in: administrator, installer, owner or resident. Stored by ASP.NET Core
/// Identity's EF stores; the e-mail address is also the user name people sign in with.
/// </summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    public PortalUser()
    {
        Id = Guid.NewGuid();
        SecurityStamp = Guid.NewGuid().ToString("N");
        LockoutEnabled = true;
    }

    /// <summary>Longest display name, checked by the forms and by <see cref="AccountDirectory"/>.</summary>
    public const int DisplayNameMaxLength = 200;

    /// <summary>Longest e-mail address (RFC 5321 path limit).</summary>
    public const int EmailMaxLength = 254;

    public required string DisplayName { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Set while an administrator has disabled the account: it cannot sign in (<see cref="ActiveAccountConfirmation"/>).</summary>
    public DateTime? DisabledUtc { get; set; }

    /// <summary>Where invoices are addressed; null while nobody has entered one (which blocks issuing invoices to them).</summary>
    public Billing.StructuredAddress? PostalAddress { get; set; }

    /// <summary>The language the user last chose (en-CH, fr-CH, de-CH); their invoices and e-mails are written in it. Null: never chosen.</summary>
    public string? Culture { get; set; }

    public const int CultureMaxLength = 16;

    /// <summary>A new account whose user name is its e-mail address.</summary>
    public static PortalUser Create(string email, string displayName, DateTime createdUtc) =>
        new() { UserName = email, Email = email, DisplayName = displayName, CreatedUtc = createdUtc };
}
