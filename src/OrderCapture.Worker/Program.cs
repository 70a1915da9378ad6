using OrderCapture.Worker.Cli;

// `ordercapture` with no verb runs the service; see OrderCaptureCli for the verbs.
return await OrderCaptureCli.RunAsync(args);
