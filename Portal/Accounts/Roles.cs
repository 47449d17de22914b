namespace Portal.Accounts;

/// <summary>The fixed set of roles. Names are stored in the database and in role claims.</summary>
public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string Installer = nameof(Installer);
    public const string Owner = nameof(Owner);
    public const string Resident = nameof(Resident);

    public static IReadOnlyList<string> All { get; } = [Administrator, Installer, Owner, Resident];

    /// <summary>
    /// Fixed role ids, so every database has the same rows in the Identity roles table (seeded by
    /// the model) and the upgrade from the script releases can map their role names onto them.
    /// </summary>
    public static Guid IdOf(string role) => role switch
    {
        Administrator => new("0d8f4a4e-5d4b-4c55-9a53-0000000000a1"),
        Installer => new("0d8f4a4e-5d4b-4c55-9a53-0000000000a2"),
        Owner => new("0d8f4a4e-5d4b-4c55-9a53-0000000000a3"),
        Resident => new("0d8f4a4e-5d4b-4c55-9a53-0000000000a4"),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>The page a user lands on after signing in; the most capable role wins.</summary>
    public static string HomePath(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        foreach (var role in All)
        {
            if (held.Contains(role))
            {
                return HomePath(role);
            }
        }

        return "/account/access-denied";
    }

    public static string HomePath(string role) => role switch
    {
        Administrator => "/admin",
        Installer => "/installer",
        Owner => "/owner",
        Resident => "/resident",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}
