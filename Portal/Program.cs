using Portal.Hosting;

return await PortalCommandLine.RunAsync(args);

