using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Tests.Support;

/// <summary>
/// The real portal on Kestrel at a free loopback port with its own SQLite file, as a browser
/// or an HTTP client meets it.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";

    private PortalServer(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public static Task<PortalServer> StartAsync(params string[] settings) => StartAsync(configure: null, settings);

    /// <summary>The portal on <paramref name="clock"/> (a FakeTimeProvider moves its days forward), or the system clock when null.</summary>
    public static Task<PortalServer> StartAsync(TimeProvider? clock, params string[] settings) =>
        StartAsync(builder =>
        {
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        }, settings);

    /// <summary>Starts a portal whose services <paramref name="configure"/> may add to (a recording decorator around a real one).</summary>
    public static async Task<PortalServer> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var dataDirectory = RepositoryPaths.NewTempDirectory("portal");
        // Two-factor enrolment is required of no role unless a test asks for it (later settings win).
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={dataDirectory}", "--Portal:SignIn:RequireTwoFactorForRoles=" };
        args.AddRange(settings);
        var app = PortalApp.Build(new WebApplicationOptions
        {
            Args = [.. args],
            ApplicationName = "Portal",
            ContentRootPath = RepositoryPaths.PortalProject,
            EnvironmentName = "Production",
        }, configure);
        await PortalApp.PrepareAsync(app);
        await app.StartAsync();
        return new PortalServer(app, dataDirectory);
    }

    /// <summary>
    /// Migrates a portal database in <paramref name="dataDirectory"/> and seeds it, without starting a server: for
    /// tests that then run the portal executable on that folder.
    /// </summary>
    public static async Task<T> PrepareDataAsync<T>(string dataDirectory, Func<IServiceProvider, Task<T>> seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        await using var app = PortalApp.Build(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={dataDirectory}"],
            ApplicationName = "Portal",
            ContentRootPath = RepositoryPaths.PortalProject,
            EnvironmentName = "Production",
        });
        await PortalApp.PrepareAsync(app);
        return await seed(app.Services);
    }

    /// <summary>
    /// The real portal's services over a migrated, empty database in a folder of its own: built, not started (service and
    /// component tests; start it to run its background services), with <paramref name="configure"/>'s changes (a fake clock).
    /// </summary>
    public static async Task<WebApplication> BuildPreparedAsync(string label, Action<WebApplicationBuilder>? configure = null)
    {
        var app = PortalApp.Build(
            new WebApplicationOptions
            {
                Args = ["--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={RepositoryPaths.NewTempDirectory(label)}"],
                ApplicationName = "Portal",
                ContentRootPath = RepositoryPaths.PortalProject,
                EnvironmentName = "Production",
            },
            configure);
        await PortalApp.PrepareAsync(app);
        return app;
    }

    /// <summary>The portal with telemetry on, subscribed to <paramref name="broker"/> with the test portal account.</summary>
    public static Task<PortalServer> StartWithBrokerAsync(Messaging.MosquittoBroker broker, params string[] settings) => StartAsync(
    [
        "--Portal:Broker:Enabled=true",
        $"--Portal:Broker:Port={broker.Port}",
        $"--Portal:Broker:Username={Messaging.MqttTestClients.PortalUser}",
        $"--Portal:Broker:Password={Messaging.MqttTestClients.PortalPassword}",
        $"--Portal:Broker:ClientId=portal-{Guid.NewGuid():N}",
        .. settings,
    ]);

    /// <summary>Creates an account the way the administrator page does.</summary>
    public async Task<string> CreateAccountAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example";
        await using var scope = App.Services.CreateAsyncScope();
        var errors = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
            .CreateAsync(new NewAccount(email, $"Test {role}", role, Password));
        Assert.Empty(errors);
        return email;
    }

    /// <summary>An installer account that commissions <paramref name="siteId"/> (as if it had created the site).</summary>
    public async Task<string> CreateInstallerOfAsync(Guid siteId)
    {
        var email = await CreateAccountAsync(Roles.Installer);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var installer = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(1, await db.Sites.Where(s => s.Id == siteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.InstallerId, installer.Id)));
        return email;
    }

    /// <summary>An owner account that owns <paramref name="siteId"/>.</summary>
    public async Task<string> CreateOwnerOfAsync(Guid siteId)
    {
        var email = await CreateAccountAsync(Roles.Owner);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(1, await db.Sites.Where(s => s.Id == siteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OwnerId, owner.Id)));
        return email;
    }

    /// <summary>The signed-in principal of an account, with its roles, as the sign-in cookie carries it.</summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<PortalUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);
    }

    public async Task<Guid> IdOfAsync(string email)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A site owned by <paramref name="ownerEmail"/> with one dwelling per name.</summary>
    public async Task<Guid> CreateOwnedSiteAsync(string ownerEmail, params string[] dwellings)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
        var site = new Portal.Sites.Site { Name = $"Site of {owner.DisplayName} {Guid.NewGuid():N}", Address = "Rue du Test 1, 1003 Lausanne", OwnerId = owner.Id, CreatedUtc = DateTime.UtcNow };
        foreach (var name in dwellings)
        {
            site.BillingPoints.Add(new Portal.Sites.BillingPoint { Name = name });
        }

        db.Sites.Add(site);
        await db.SaveChangesAsync();
        return site.Id;
    }

    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the temp folder is cleaned with the machine.
        }
    }
}
