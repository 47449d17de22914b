using Portal.Billing.Mail;
using Portal.Contracts.Settings;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Mail;

/// <summary><c>Portal:Smtp</c> is checked at start once a host is set, every error named by its full key.</summary>
public sealed class SmtpSettingsTests
{
    private readonly SectionValidator<SmtpSettings> _validator = new(SmtpSettings.Section);

    [Fact]
    public void An_unset_section_is_valid_and_sends_nothing()
    {
        var result = _validator.Validate(null, new SmtpSettings());

        Assert.True(result.Succeeded);
        Assert.False(new SmtpSettings().IsConfigured);
    }

    [Fact]
    public void A_host_without_sender_and_a_user_without_password_file_are_refused_with_their_keys()
    {
        var result = _validator.Validate(null, new SmtpSettings { Host = "mail.example.ch", Port = 70000, UserName = "zev" });

        Assert.False(result.Succeeded);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("Portal:Smtp:SenderAddress", failures, StringComparison.Ordinal);
        Assert.Contains("Portal:Smtp:PasswordFile", failures, StringComparison.Ordinal);
        Assert.Contains("Portal:Smtp:Port", failures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_comes_from_a_file_only_its_owner_may_read()
    {
        var file = Path.Combine(RepositoryPaths.NewTempDirectory("smtp-secret"), "smtp-password");
        await Portal.Hosting.SecretFile.WriteAllLinesAsync(file, ["s3cret-pass"]);
        var settings = new SmtpSettings { Host = "mail.example.ch", SenderAddress = "a@example.ch", UserName = "zev", PasswordFile = file };

        Assert.True(_validator.Validate(null, settings).Succeeded);
        Assert.Equal("s3cret-pass", settings.ReadPassword());

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("chmod 600", string.Join("\n", _validator.Validate(null, settings).Failures!), StringComparison.Ordinal);
    }
}
