using OrderCapture.Core.Telemetry;

namespace OrderCapture.Core.Tests.Support;

/// <summary>The worker's instruments on a meter factory of their own, for classes built by hand in a test.</summary>
internal static class TestMetrics
{
    public static OrderCaptureMetrics Create() => new();
}
