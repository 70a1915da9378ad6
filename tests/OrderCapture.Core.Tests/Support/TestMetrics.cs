using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Telemetry;

namespace OrderCapture.Core.Tests.Support;

/// <summary>The worker's instruments on a meter factory of their own, for classes built by hand in a test.</summary>
internal static class TestMetrics
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static OrderCaptureMetrics Create() => new(Services.GetRequiredService<IMeterFactory>());
}
