namespace Portal.Api;

/// <summary>
/// A personal token an owner made for programs that read their sites' energy (the read-only API). Only the hash of
/// the token is stored (<see cref="Accounts.SecretToken"/>); it was shown once, when made. A revoked token stays
/// listed, so its owner sees when it stopped working, and never works again.
/// </summary>
public sealed class ApiToken
{
    public const int NameMaxLength = 80;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid UserId { get; set; }

    /// <summary>What the owner called it ("Home Assistant", "spreadsheet").</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token's first characters, to tell tokens apart in the list (not enough to guess it).</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Last request made with it (updated at most once a minute).</summary>
    public DateTime? LastUsedUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }
}
