using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Localization;
using Portal.Tests.Support;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Accounts;

public sealed class PortalIdentityErrorsTests
{

    /// <summary>Every error our describer rewrites, called with sample arguments.</summary>
    private static IEnumerable<(string Code, IdentityError Error)> All(IdentityErrorDescriber d) =>
    [
        ("DefaultError", d.DefaultError()), ("ConcurrencyFailure", d.ConcurrencyFailure()), ("PasswordMismatch", d.PasswordMismatch()),
        ("InvalidToken", d.InvalidToken()), ("InvalidUserName", d.InvalidUserName("a b")), ("InvalidEmail", d.InvalidEmail("x@")),
        ("DuplicateUserName", d.DuplicateUserName("luc")), ("DuplicateEmail", d.DuplicateEmail("luc@example.ch")),
        ("UserAlreadyHasPassword", d.UserAlreadyHasPassword()), ("UserAlreadyInRole", d.UserAlreadyInRole("Owner")), ("UserNotInRole", d.UserNotInRole("Owner")),
        ("PasswordTooShort", d.PasswordTooShort(10)), ("PasswordRequiresUniqueChars", d.PasswordRequiresUniqueChars(4)),
        ("PasswordRequiresNonAlphanumeric", d.PasswordRequiresNonAlphanumeric()), ("PasswordRequiresDigit", d.PasswordRequiresDigit()),
        ("PasswordRequiresLower", d.PasswordRequiresLower()), ("PasswordRequiresUpper", d.PasswordRequiresUpper()),
    ];

    [Theory]
    [InlineData("fr-CH")]
    [InlineData("de-CH")]
    public void Every_identity_error_is_translated_and_keeps_identitys_code(string culture)
    {
        var english = All(new IdentityErrorDescriber()).ToDictionary(e => e.Code, e => e.Error.Description);

        var translated = All(new PortalIdentityErrors(In<SharedResource>(culture))).ToList();

        Assert.All(translated, e =>
        {
            Assert.Equal(e.Code, e.Error.Code);
            Assert.NotEqual(english[e.Code], e.Error.Description);
        });
        Assert.Contains("10", translated.Single(e => e.Code == "PasswordTooShort").Error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-CH", "au moins 10 caractères")]
    [InlineData("de-CH", "mindestens 10 Zeichen")]
    public async Task A_too_short_password_is_refused_in_the_administrators_language(string culture, string expected)
    {
        await using var server = await PortalServer.StartAsync();
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            await using var scope = server.App.Services.CreateAsyncScope();

            var errors = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
                .CreateAsync(new NewAccount($"short-{Guid.NewGuid():N}@test.example", "Luc Favre", Roles.Owner, "abc"));

            Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}
