using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Data;

namespace Portal.Hosting;

/// <summary>
/// <c>Portal</c> runs the web portal; <c>Portal create-admin --email a@b.ch [--name "A B"]</c>
/// creates the first administrator of an installation, reading the password from
/// <c>PORTAL_ADMIN_PASSWORD</c> or from the first line of standard input;
/// <c>Portal reset-two-factor --email a@b.ch</c> turns two-factor sign-in off for a person who lost
/// the phone and the recovery codes. Any other
/// <c>--Section:Key=value</c> argument overrides appsettings.json.
/// </summary>
public static class PortalCommandLine
{
    public const int InvalidConfiguration = 2;
    public const int CommandFailed = 3;
    public const int DatabaseRefused = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "create-admin")
            {
                return await CreateAdminAsync(args[1..]);
            }

            if (args.Length > 0 && args[0] == "reset-two-factor")
            {
                return await ResetTwoFactorAsync(args[1..]);
            }

            if (args.Length > 0 && args[0] is "help" or "--help" or "-h")
            {
                Console.WriteLine("Usage: Portal [--Portal:Key=value ...]\n       Portal create-admin --email <address> [--name <display name>]  (password from PORTAL_ADMIN_PASSWORD or standard input)\n       Portal reset-two-factor --email <address>  (turns two-factor sign-in off for a person who lost the phone and the recovery codes)");
                return 0;
            }

            var app = PortalApp.Build(Options(args));
            await PortalApp.PrepareAsync(app);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Invalid configuration, the portal did not start:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return InvalidConfiguration;
        }
        catch (DatabaseRefusedException e)
        {
            await Console.Error.WriteLineAsync("The portal did not start: " + e.Message);
            return DatabaseRefused;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration value", StringComparison.Ordinal))
        {
            // Binding errors such as a word where a number is expected name the key themselves.
            await Console.Error.WriteLineAsync("Invalid configuration, the portal did not start: " + e.Message);
            return InvalidConfiguration;
        }
    }

    private static async Task<int> CreateAdminAsync(string[] args)
    {
        var email = Value(args, "--email");
        var name = Value(args, "--name") ?? "Administrator";
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("create-admin needs --email <address>.");
            return CommandFailed;
        }

        var password = Environment.GetEnvironmentVariable("PORTAL_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected)
            {
                Console.Write("Password for " + email + ": ");
            }

            password = (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n');
        }

        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("No password given: set PORTAL_ADMIN_PASSWORD or type it on standard input.");
            return CommandFailed;
        }

        var rest = args.Where((_, i) => !IsOption(args, i, "--email") && !IsOption(args, i, "--name")).ToArray();
        var app = PortalApp.Build(Options(rest));
        await PortalApp.PrepareAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var errors = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
            .CreateAsync(new NewAccount(email, name, Roles.Administrator, password));
        if (errors.Count > 0)
        {
            await Console.Error.WriteLineAsync("The administrator was not created: " + string.Join(" ", errors));
            return CommandFailed;
        }

        Console.WriteLine($"Administrator {email} created.");
        return 0;
    }

    private static async Task<int> ResetTwoFactorAsync(string[] args)
    {
        var email = Value(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("reset-two-factor needs --email <address>.");
            return CommandFailed;
        }

        var app = PortalApp.Build(Options(args.Where((_, i) => !IsOption(args, i, "--email")).ToArray()));
        await PortalApp.PrepareAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<AccountDirectory>().ResetTwoFactorAsync(email))
        {
            await Console.Error.WriteLineAsync($"No account has the address {email}.");
            return CommandFailed;
        }

        Console.WriteLine($"Two-factor sign-in of {email} is off; the account sets it up again at its next sign-in if its role requires it.");
        return 0;
    }

    private static WebApplicationOptions Options(string[] args) => new() { Args = args, ApplicationName = "Portal" };

    private static string? Value(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    // True for the option itself and for the value that follows it.
    private static bool IsOption(string[] args, int i, string option) =>
        args[i] == option || (i > 0 && args[i - 1] == option);
}
