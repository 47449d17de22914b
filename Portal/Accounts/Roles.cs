namespace Portal.Accounts;

/// <summary>The fixed set of roles. Names are stored in the database and in role claims.</summary>
public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string Installer = nameof(Installer);
    public const string Owner = nameof(Owner);
    public const string Resident = nameof(Resident);

    public static IReadOnlyList<string> All { get; } = [Administrator, Installer, Owner, Resident];

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
