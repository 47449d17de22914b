using Portal.Accounts;

namespace Portal.Tests.Accounts;

public sealed class RolesTests
{
    [Theory]
    [InlineData(new[] { Roles.Resident }, "/resident")]
    [InlineData(new[] { Roles.Resident, Roles.Owner }, "/owner")]
    [InlineData(new[] { Roles.Installer, Roles.Administrator }, "/admin")]
    [InlineData(new string[0], "/account/access-denied")]
    public void Home_page_is_that_of_the_most_capable_role_held(string[] roles, string expected)
    {
        Assert.Equal(expected, Roles.HomePath(roles));
    }

    [Theory]
    [InlineData("/owner", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_paths_on_this_site_are_accepted_as_return_addresses(string? url, bool local)
    {
        Assert.Equal(local, AccountEndpoints.IsLocal(url));
    }
}
