namespace Portal.Accounts;

/// <summary>Why a one-time link was made: a new account's first password, or a password reset.</summary>
public enum InvitationPurpose
{
    Invitation,
    PasswordReset,
}

/// <summary>
/// A one-time link that lets a person set their password. Only the SHA-256 hash of its token is stored: the token
/// itself is shown once, to whoever made the link, and cannot be read back from the database.
/// </summary>
public sealed class AccountInvitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid UserId { get; set; }

    public InvitationPurpose Purpose { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    /// <summary>Set when the link was used; a used link never works again.</summary>
    public DateTime? UsedUtc { get; set; }
}
