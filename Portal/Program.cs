using Portal.Hosting;

return await PortalCommandLine.RunAsync(args);

/// <summary>Entry point type, public for the tests.</summary>
public partial class Program;
