namespace Portal.Accounts;

/// <summary>A person who signs in: administrator, installer, owner or resident.</summary>
public sealed class PortalUser
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The e-mail address is the sign-in name.</summary>
    public required string Email { get; set; }

    public string NormalizedEmail { get; set; } = "";

    public required string DisplayName { get; set; }

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    public bool LockoutEnabled { get; set; } = true;

    public DateTimeOffset? LockoutEnd { get; set; }

    public int AccessFailedCount { get; set; }

    public DateTime CreatedUtc { get; set; }

    public List<PortalUserRole> Roles { get; set; } = [];
}

/// <summary>One role held by a user (a user may hold several, e.g. owner and resident).</summary>
public sealed class PortalUserRole
{
    public Guid UserId { get; set; }

    public required string Role { get; set; }
}
