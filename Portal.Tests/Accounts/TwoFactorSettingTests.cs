using Portal.Accounts;
using Portal.Contracts.Settings;
using Portal.Hosting;

namespace Portal.Tests.Accounts;

public sealed class TwoFactorSettingTests
{
    [Fact]
    public void By_default_administrators_and_installers_must_enrol()
    {
        Assert.Equal([Roles.Administrator, Roles.Installer], new SignInPolicy().RolesRequiringTwoFactor());
    }

    [Fact]
    public void An_unknown_role_in_the_setting_is_named_with_its_full_key()
    {
        var validator = new SectionValidator<PortalOptions>(PortalOptions.Section);
        var options = new PortalOptions { SignIn = new SignInPolicy { RequireTwoFactorForRoles = "Installer, Janitor" } };

        var result = validator.Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Portal:SignIn:RequireTwoFactorForRoles = 'Installer, Janitor': unknown role 'Janitor'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_setting_requires_enrolment_of_no_role()
    {
        Assert.Empty(new SignInPolicy { RequireTwoFactorForRoles = "" }.RolesRequiringTwoFactor());
    }

    [Fact]
    public void Authenticator_uri_names_the_portal_as_issuer_and_the_account()
    {
        Assert.Equal(
            "otpauth://totp/Energy%20Portal:anna%40example.ch?secret=ABCDEFGH&issuer=Energy%20Portal&digits=6",
            AuthenticatorEnrolment.AuthenticatorUri("anna@example.ch", "ABCDEFGH"));
        Assert.Equal("abcd efgh ij", AuthenticatorEnrolment.FormatKey("ABCDEFGHIJ"));
    }

    [Fact]
    public void The_qr_code_is_plain_svg_squares()
    {
        var svg = AuthenticatorQrCode.Svg("otpauth://totp/Energy%20Portal:a?secret=ABCDEFGH&issuer=Energy%20Portal");

        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("h1v1h-1z", svg, StringComparison.Ordinal);
    }
}
