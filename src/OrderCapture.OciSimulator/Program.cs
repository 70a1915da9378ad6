using OrderCapture.OciSimulator;

// The OCI simulator on its own: dotnet run --project src/OrderCapture.OciSimulator -- --urls http://127.0.0.1:5090 [--seed FILE]
var seedIndex = Array.IndexOf(args, "--seed");
var seedPath = seedIndex >= 0 && seedIndex + 1 < args.Length ? args[seedIndex + 1] : null;
var builder = WebApplication.CreateSlimBuilder(seedIndex >= 0 ? [.. args[..seedIndex], .. args[Math.Min(args.Length, seedIndex + 2)..]] : args);
var options = builder.Configuration.GetSection("Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions();
builder.Services.AddOciSimulator(options, TimeProvider.System);
var app = builder.Build();
app.MapOciSimulator();
if (seedPath is not null)
{
    app.Services.GetRequiredService<OrderCapture.OciSimulator.State.SimulatorState>().Replace(OciSimulatorApp.LoadSeed(seedPath));
}

Console.WriteLine($"OCI simulator (not OCI itself). Control API under /_sim/; client id {options.ClientId}.");
await app.RunAsync();
