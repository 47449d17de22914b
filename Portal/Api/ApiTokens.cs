using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Data;

namespace Portal.Api;

/// <summary>A token just made: <see cref="Token"/> is shown this once and never again.</summary>
public sealed record NewApiToken(Guid Id, string Name, string Token);

/// <summary>A token as its owner's list shows it (no secret in it).</summary>
public sealed record ApiTokenSummary(Guid Id, string Name, string Prefix, DateTime CreatedUtc, DateTime? LastUsedUtc, DateTime? RevokedUtc);

/// <summary>
/// Owners' personal API tokens: made, listed and revoked by their owner only, checked for every API request
/// (<see cref="ApiTokenAuthentication"/>). A token is <c>pt_</c> and a <see cref="SecretToken"/>; only its hash is kept.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock)
{
    /// <summary>Tokens an owner may hold that are not revoked.</summary>
    public const int MaxActivePerUser = 20;

    private const string Marker = "pt_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>A new token for the signed-in owner, or the keys of the messages that say why not.</summary>
    public async Task<(NewApiToken? Token, IReadOnlyList<string> Problems)> CreateAsync(ClaimsPrincipal user, string? name, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Owner))
        {
            return (null, ["Api.Tokens.OwnersOnly"]);
        }

        name = name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > ApiToken.NameMaxLength)
        {
            return (null, [name.Length == 0 ? "Api.Tokens.NameRequired" : "Api.Tokens.NameTooLong"]);
        }

        var userId = user.PortalUserId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedUtc == null, ct) >= MaxActivePerUser)
        {
            return (null, ["Api.Tokens.TooMany"]);
        }

        var token = Marker + SecretToken.New();
        var stored = new ApiToken
        {
            UserId = userId, Name = name, TokenHash = SecretToken.Hash(token), Prefix = token[..8], CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(stored);
        await db.SaveChangesAsync(ct);
        return (new NewApiToken(stored.Id, name, token), []);
    }

    /// <summary>The user's tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Owner))
        {
            return [];
        }

        var userId = user.PortalUserId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Select(t => new ApiTokenSummary(t.Id, t.Name, t.Prefix, t.CreatedUtc, t.LastUsedUtc, t.RevokedUtc)).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedUtc)];
    }

    /// <summary>Revokes one of the user's own tokens; false for anyone else's or an unknown one.</summary>
    public async Task<bool> RevokeAsync(ClaimsPrincipal user, Guid tokenId, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Owner))
        {
            return false;
        }

        var userId = user.PortalUserId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedUtc == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedUtc, now), ct) > 0;
    }

    /// <summary>The account a presented token belongs to, while it is not revoked; null otherwise.</summary>
    public async Task<Guid?> UserOfAsync(string? token, CancellationToken ct = default)
    {
        if (token is null || !token.StartsWith(Marker, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretToken.Hash(token);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash && t.RevokedUtc == null)
            .Select(t => new { t.Id, t.UserId, t.LastUsedUtc }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedUtc is not { } last || now - last >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedUtc, now), ct);
        }

        return found.UserId;
    }
}
