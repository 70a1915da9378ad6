using OrderCapture.Worker.Hosting;

// The composition root: everything is wired in OrderCaptureHost.
await using var host = await OrderCaptureHost.BuildAsync(args);
await host.App.RunAsync();
return 0;
