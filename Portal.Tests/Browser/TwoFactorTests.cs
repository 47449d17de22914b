using Microsoft.Playwright;
using OtpNet;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// Authenticator-app two-factor sign-in in Chromium against the real server. The test is the
/// authenticator app: it reads the shared key off the page and computes RFC 6238 codes (Otp.NET).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorTests(BrowserFixture browser) : PortalPageTest(browser, $"--Portal:SignIn:MaxFailedAttempts={MaxFailedAttempts}", "--Portal:SignIn:RequireTwoFactorForRoles=Installer")
{
    private const int MaxFailedAttempts = 3;

    [Fact]
    public async Task Owner_turns_on_two_factor_and_then_signs_in_with_a_code_from_the_app()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);
        await Page.SignInAsync(email);
        await Assertions.Expect(Page.Locator("[data-test=home-owner]")).ToBeVisibleAsync();

        var (key, recoveryCodes) = await EnrolAsync();

        Assert.Equal(AuthenticatorEnrolment.RecoveryCodeCount, recoveryCodes.Count);
        Assert.Equal(recoveryCodes.Count, recoveryCodes.Distinct().Count());
        await Assertions.Expect(Page.Locator("[data-test=two-factor-status]")).ToHaveAttributeAsync("data-enabled", "true");
        await SignOutAsync();

        await Page.SignInAsync(email);
        await Page.WaitForURLAsync("**/account/login-2fa**");
        Assert.DoesNotContain(PortalServer.Password, await Page.ContentAsync(), StringComparison.Ordinal);
        await EnterCodeAsync("000000");
        await Assertions.Expect(Page.Locator("[data-test=two-factor-error]")).ToHaveTextAsync("Wrong code. Enter the code your app shows now.");

        // The next time step: the code used to enrol may not be taken twice.
        await EnterCodeAsync(Code(key, TimeSpan.FromSeconds(30)));

        await Assertions.Expect(Page.Locator("[data-test=home-owner]")).ToBeVisibleAsync();
        Assert.EndsWith("/owner", Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_instead_of_the_app()
    {
        var email = await Server.CreateAccountAsync(Roles.Resident);
        await Page.SignInAsync(email);
        var (_, recoveryCodes) = await EnrolAsync();
        await SignOutAsync();

        await Page.SignInAsync(email);
        await Page.WaitForURLAsync("**/account/login-2fa**");
        await Page.FillAsync("[data-test=recovery-code]", recoveryCodes[3]);
        await Page.ClickAsync("[data-test=use-recovery-code]");
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();

        await Page.GotoAsync("/account/security");
        await Assertions.Expect(Page.Locator("[data-test=recovery-codes-left]")).ToContainTextAsync($"{AuthenticatorEnrolment.RecoveryCodeCount - 1}");
        await SignOutAsync();
        await Page.SignInAsync(email);
        await Page.FillAsync("[data-test=recovery-code]", recoveryCodes[3]);
        await Page.ClickAsync("[data-test=use-recovery-code]");
        await Assertions.Expect(Page.Locator("[data-test=two-factor-error]")).ToHaveTextAsync("This recovery code is not valid or was already used.");
    }

    [Fact]
    public async Task Wrong_codes_lock_the_account_like_wrong_passwords()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);
        await Page.SignInAsync(email);
        var (key, _) = await EnrolAsync();
        await SignOutAsync();

        await Page.SignInAsync(email);
        for (var attempt = 0; attempt < MaxFailedAttempts; attempt++)
        {
            await EnterCodeAsync($"00000{attempt}");
        }

        await EnterCodeAsync(Code(key, TimeSpan.FromSeconds(30)));

        await Assertions.Expect(Page.Locator("[data-test=two-factor-error]")).ToContainTextAsync("locked");
        await Assertions.Expect(Page.Locator("[data-test=home-owner]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_installer_is_sent_to_enrol_until_two_factor_is_on()
    {
        var email = await Server.CreateAccountAsync(Roles.Installer);
        await Page.SignInAsync(email);

        await Page.WaitForURLAsync("**/account/security**");
        await Assertions.Expect(Page.Locator("[data-test=two-factor-required]")).ToBeVisibleAsync();
        await Page.GotoAsync("/installer");
        await Page.WaitForURLAsync("**/account/security**");
        await Assertions.Expect(Page.Locator("[data-test=home-installer]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=disable-two-factor]")).ToHaveCountAsync(0);

        await EnrolAsync();
        await Assertions.Expect(Page.Locator("[data-test=two-factor-required]")).ToHaveCountAsync(0);
        await Page.ClickAsync("[data-test=continue]");

        await Assertions.Expect(Page.Locator("[data-test=home-installer]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=disable-two-factor]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Two_factor_can_be_turned_off_again_where_it_is_not_required()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);
        await Page.SignInAsync(email);
        await EnrolAsync();

        await Page.GotoAsync("/account/security");
        await Page.ClickAsync("[data-test=disable-two-factor]");
        await Assertions.Expect(Page.Locator("[data-test=two-factor-status]")).ToHaveAttributeAsync("data-enabled", "false");
        await SignOutAsync();

        await Page.SignInAsync(email);
        await Assertions.Expect(Page.Locator("[data-test=home-owner]")).ToBeVisibleAsync();
    }

    /// <summary>Opens the security page, "scans" the key, enters the current code and reads the recovery codes shown once.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync()
    {
        if (!Page.Url.Contains("/account/security", StringComparison.Ordinal))
        {
            await Page.GotoAsync("/account/security");
        }

        var key = (await Page.Locator("[data-test=shared-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var uri = await Page.Locator("[data-test=authenticator-uri]").TextContentAsync();
        Assert.StartsWith("otpauth://totp/Energy%20Portal:", uri, StringComparison.Ordinal);
        Assert.Contains($"secret={key}", uri, StringComparison.Ordinal);
        Assert.Contains("issuer=Energy%20Portal", uri, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator("[data-test=qr-code] svg")).ToBeVisibleAsync();

        await Page.FillAsync("[data-test=enrol-code]", Code(key, TimeSpan.Zero));
        await Page.ClickAsync("[data-test=enable-two-factor]");
        await Assertions.Expect(Page.Locator("[data-test=recovery-codes] li")).ToHaveCountAsync(AuthenticatorEnrolment.RecoveryCodeCount);
        var codes = await Page.Locator("[data-test=recovery-codes] li").AllInnerTextsAsync();
        return (key, codes.Select(c => c.Trim()).ToList());
    }

    private async Task EnterCodeAsync(string code)
    {
        await Page.FillAsync("[data-test=two-factor-code]", code);
        await Page.ClickAsync("[data-test=verify-code]");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private async Task SignOutAsync()
    {
        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
    }

    private static string Code(string base32Key, TimeSpan offset) =>
        new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(DateTime.UtcNow + offset);
}
