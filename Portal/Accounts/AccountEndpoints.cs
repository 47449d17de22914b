using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Portal.Localization;

namespace Portal.Accounts;

/// <summary>Sign-out and the language switch: the two account actions that are plain HTTP.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post: antiforgery is validated because the parameters bind from the form.
        endpoints.MapPost("/account/logout", async (SignInManager<PortalUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireAuthorization();

        endpoints.MapGet("/culture", async (HttpContext context, TimeProvider clock, UserManager<PortalUser> users, string culture, string? redirectUri) =>
        {
            if (!PortalCultures.Supported.Contains(culture))
            {
                return Results.BadRequest($"Unknown language '{culture}'. Choose one of {string.Join(", ", PortalCultures.Supported)}.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            // Remembered on the account too: invoices and their e-mails are written in the recipient's language.
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user && user.Culture != culture)
            {
                user.Culture = culture;
                await users.UpdateAsync(user);
            }

            return Results.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous();
    }

    /// <summary>Only paths on this site, so a crafted link cannot send a user elsewhere.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
