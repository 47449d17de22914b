using Microsoft.AspNetCore.Http;
using Portal.Hosting;
using Serilog.Events;

namespace Portal.Tests.Hosting;

public sealed class RequestLoggingTests
{
    [Theory]
    [InlineData("/_blazor/negotiate", 200)]
    [InlineData("/_framework/blazor.web.js", 200)]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", 200)]
    [InlineData("/app.css", 200)]
    [InlineData("/health/ready", 503)]
    public void Static_files_the_circuit_hub_and_probes_are_logged_below_information(string path, int status) =>
        Assert.Equal(LogEventLevel.Debug, PortalLogging.RequestLevel(new PathString(path), status, error: null));

    [Theory]
    [InlineData("/installer/sites", 200)]
    [InlineData("/account/login", 302)]
    [InlineData("/sites/unknown", 404)]
    public void Requests_a_person_made_are_logged_at_information(string path, int status) =>
        Assert.Equal(LogEventLevel.Information, PortalLogging.RequestLevel(new PathString(path), status, error: null));

    [Fact]
    public void A_failed_request_is_an_error_whatever_its_path()
    {
        Assert.Equal(LogEventLevel.Error, PortalLogging.RequestLevel(new PathString("/installer/sites"), 500, error: null));
        Assert.Equal(LogEventLevel.Error, PortalLogging.RequestLevel(new PathString("/_blazor"), 200, new InvalidOperationException()));
    }
}
