using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Contracts.Settings;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;
using Portal.Telemetry;
using MudBlazor.Services;

namespace Portal.Hosting;

public static class PortalServices
{
    /// <summary>Everything the portal registers, in one place.</summary>
    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>>(new SectionValidator<PortalOptions>(PortalOptions.Section));
        services.AddSingleton<PortalPaths>();
        services.TryAddSingletonTimeProvider();

        services.AddDbContextFactory<PortalDbContext>((sp, options) =>
            options.UseSqlite(PortalDatabase.ConnectionString(sp.GetRequiredService<PortalPaths>().DatabasePath)));
        services.AddSingleton<PortalDatabase>();

        services.AddPortalIdentity();
        services.AddScoped<AccountDirectory>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Sites.SiteDirectory>();
        services.AddSingleton<Sites.SiteAccess>();
        services.AddScoped<Sites.BillingPoints>();
        // Billing: tariffs, HT/NT calendars, billing settings, DSO invoices.
        services.AddScoped<Billing.Tariffs.Tariffs>();
        // Billing: runs, invoices, their terms, references and PDFs.
        services.AddScoped<Billing.IBillingTermsSource, Billing.TariffBillingTerms>();
        services.AddScoped<Billing.InvoiceDocument>();
        services.AddScoped<Billing.InvoiceIssuing>();
        services.AddScoped<Billing.BillingRuns>();
        services.AddScoped<Billing.Invoices>();
        services.AddSingleton<Documents.IPdfRenderer, Documents.PdfSharpRenderer>();

        // Billing: payments and mail (helper payments).
        services.AddOptions<Billing.Mail.SmtpSettings>().Bind(builder.Configuration.GetSection(Billing.Mail.SmtpSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Billing.Mail.SmtpSettings>>(new SectionValidator<Billing.Mail.SmtpSettings>(Billing.Mail.SmtpSettings.Section));
        services.AddSingleton<Billing.Mail.IInvoiceMailer, Billing.Mail.InvoiceMailer>();
        services.AddScoped<Sites.ResidentAddresses>();
        // Billing: the owner's ledger - payments imported from camt.054, advance payments, invoices sent by e-mail.
        services.AddScoped<Billing.Payments.PaymentImports>();
        services.AddScoped<Billing.AdvancePayments>();
        services.AddScoped<Billing.Mail.InvoiceSending>();
        services.AddPortalTelemetry();

        services.AddLocalization();
        services.AddSingleton<IConfigureOptions<RequestLocalizationOptions>, CultureSetup>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddPortalApi();
        services.AddMudServices();
        services.AddAntiforgery();
        // Keys in the data folder: sign-in cookies and forms survive a restart. They sign cookies, so only the
        // portal's user may read them.
        services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToFileSystem(SecretFile.Folder(Path.Combine(PortalPaths.DataDirectoryFrom(builder.Configuration, builder.Environment), "keys")));
    }

    private static void AddPortalTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<PortalBroker>();
        services.AddSingleton<TelemetryDirectory>();
        services.AddSingleton<TelemetryTriage>();
        services.AddSingleton<TelemetryStore>();
        services.AddSingleton<Energy.EnergyBalanceSignal>();
        services.AddSingleton<Energy.EnergyBalanceStore>();
        services.AddSingleton<Energy.EnergyHistory>();
        services.AddScoped<Energy.ResidentEnergy>();
        services.AddSingleton<Energy.OwnerEnergy>();
        services.AddSingleton<Energy.EnergyCsvExport>();
        services.AddScoped<Energy.SiteDashboard>();
        services.AddHostedService<Energy.EnergyBalanceWorker>();
        services.AddSingleton<LiveMeterFeed>();
        services.AddSingleton<IngestionStatistics>();
        services.AddSingleton<IngestionOverviewReader>();
        services.AddSingleton<GatewayConfigPublisher>();
        services.AddSingleton<Control.ControlOverridesPublisher>();
        services.AddSingleton<Control.ControlFeed>();
        services.AddScoped<Control.ControlSettings>();
        services.AddScoped<SiteTelemetry>();
        services.AddScoped<GatewayOverview>();
        services.AddScoped<Energy.SiteDataQuality>();
        services.AddSingleton<Commissioning.BrokerAccounts>();
        services.AddScoped<Commissioning.SiteCommissioning>();
        services.AddScoped<Commissioning.CommissioningReport>();
        services.AddSingleton<Commissioning.SiteInspections>();
        services.AddHostedService(sp => sp.GetRequiredService<Commissioning.SiteInspections>());
        services.AddSingleton<TelemetryIngestion>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryIngestion>());
        services.AddHostedService<PushedConfigRepublication>();
    }

    /// <summary>The read-only API's JSON (enums as names) and its OpenAPI document (the /api/v1 endpoints only).</summary>
    private static void AddPortalApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(Api.ApiOpenApi.Configure);
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static void AddPortalIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingPortalAuthenticationState>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, Api.ApiTokenAuthentication>(Api.ApiTokenAuthentication.SchemeName, null);
        services.AddSingleton<Api.ApiTokens>();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "portal.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization(options => options.AddSitePolicies());
        services.AddScoped<IAuthorizationHandler, SiteAuthorizationHandler>();
        services.AddScoped<AccountInvitations>();

        // Identity's EF stores on the portal's context (registered scoped by AddDbContextFactory):
        // users, the four roles, authenticator keys and recovery codes.
        services.AddIdentityCore<PortalUser>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddErrorDescriber<PortalIdentityErrors>()
            .AddDefaultTokenProviders()
            .AddUserConfirmation<ActiveAccountConfirmation>();
        services.AddSingleton<IConfigureOptions<IdentityOptions>, IdentityPolicy>();
        // A sign-in cookie is checked against the account's security stamp every minute (30 by default), so a
        // disabled account or a changed role ends plain HTTP sessions as quickly as circuits (5 minutes).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<AuthenticatorEnrolment>();
        services.AddScoped<PasswordSignIn>();
    }

    /// <summary>Password and lockout rules come from <see cref="SignInPolicy"/>.</summary>
    private sealed class IdentityPolicy(IOptions<PortalOptions> portal) : IConfigureOptions<IdentityOptions>
    {
        public void Configure(IdentityOptions options)
        {
            var policy = portal.Value.SignIn;
            options.User.RequireUniqueEmail = true;
            options.User.AllowedUserNameCharacters += "+";
            options.Password.RequiredLength = policy.MinimumPasswordLength;
            options.Password.RequireDigit = false;
            options.Password.RequireLowercase = false;
            options.Password.RequireUppercase = false;
            options.Password.RequireNonAlphanumeric = false;
            options.Password.RequiredUniqueChars = 4;
            options.Lockout.AllowedForNewUsers = true;
            options.Lockout.MaxFailedAccessAttempts = policy.MaxFailedAttempts;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(policy.LockoutMinutes);
            // "Confirmed" means "not disabled by an administrator" (ActiveAccountConfirmation).
            options.SignIn.RequireConfirmedAccount = true;
        }
    }

    private sealed class CultureSetup(IOptions<PortalOptions> portal) : IConfigureOptions<RequestLocalizationOptions>
    {
        public void Configure(RequestLocalizationOptions options)
        {
            var cultures = PortalCultures.Supported.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(portal.Value.DefaultCulture);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Cookie (the language switch) first, then the browser's language mapped onto ours.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new PortalCultures.BrowserLanguage(),
            ];
        }
    }
}
