using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Sites;

namespace Portal.Accounts;

/// <summary>One demo account as printed by the run command.</summary>
public sealed record DemoAccount(string Role, string Email, string Password);

/// <summary>
/// Seeds the demo site and one account per role, only when <c>Portal:Demo:Seed</c> is on (the
/// run command). Passwords are random per installation, kept in <c>demo-accounts.txt</c> in
/// the data folder (never in the repository) and printed at start. Running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(
    UserManager<PortalUser> users,
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string SiteName = "Résidence Les Tilleuls";

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(string dataDirectory, CancellationToken ct = default)
    {
        var file = Path.Combine(dataDirectory, "demo-accounts.txt");
        var known = ReadCredentials(file);
        var accounts = new List<DemoAccount>();
        foreach (var role in Roles.All)
        {
            var email = $"{role.ToLowerInvariant()}@demo.example";
            var password = known.GetValueOrDefault(email) ?? NewPassword();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new PortalUser { Email = email, DisplayName = $"Demo {role}" };
                Check(await users.CreateAsync(user, password), email);
                Check(await users.AddToRoleAsync(user, role), email);
            }
            else if (!known.ContainsKey(email))
            {
                // The credentials file was removed: give the demo account a fresh password.
                Check(await users.RemovePasswordAsync(user), email);
                Check(await users.AddPasswordAsync(user, password), email);
            }

            accounts.Add(new DemoAccount(role, email, password));
        }

        await File.WriteAllLinesAsync(file, accounts.Select(a => $"{a.Role}\t{a.Email}\t{a.Password}"), ct);
        await SeedSiteAsync(accounts, ct);
        return accounts;
    }

    private async Task SeedSiteAsync(List<DemoAccount> accounts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Sites.AnyAsync(s => s.Name == SiteName, ct))
        {
            return;
        }

        var ownerEmail = accounts.Single(a => a.Role == Roles.Owner).Email;
        var residentEmail = accounts.Single(a => a.Role == Roles.Resident).Email;
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail, ct);
        var resident = await db.Users.SingleAsync(u => u.Email == residentEmail, ct);
        var site = new Site
        {
            Name = SiteName,
            Address = "Chemin des Tilleuls 12, 1004 Lausanne",
            OwnerId = owner.Id,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        site.BillingPoints.Add(new BillingPoint { Name = "Apartment 1.1", ResidentId = resident.Id });
        foreach (var name in new[] { "Apartment 1.2", "Apartment 2.1", "Apartment 2.2", "Common areas" })
        {
            site.BillingPoints.Add(new BillingPoint { Name = name });
        }

        db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded demo site {Site}", SiteName);
    }

    private static Dictionary<string, string> ReadCredentials(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        return File.ReadAllLines(file)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 3)
            .ToDictionary(parts => parts[1], parts => parts[2], StringComparer.OrdinalIgnoreCase);
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var builder = new StringBuilder("demo-");
        for (var i = 0; i < 12; i++)
        {
            builder.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed demo account {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
