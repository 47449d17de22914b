using Portal.Contracts.Settings;
using Portal.Hosting;

namespace Portal.Tests.Hosting;

public sealed class SectionValidatorTests
{
    private readonly SectionValidator<PortalOptions> _validator = new(PortalOptions.Section);

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new PortalOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_setting_is_reported_with_its_full_configuration_key()
    {
        var options = new PortalOptions { DefaultCulture = "it-IT", SignIn = new SignInPolicy { MaxFailedAttempts = 0, LockoutMinutes = 5000 } };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Portal:DefaultCulture = 'it-IT'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Portal:SignIn:MaxFailedAttempts = '0'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Portal:SignIn:LockoutMinutes = '5000'", StringComparison.Ordinal));
    }
}
