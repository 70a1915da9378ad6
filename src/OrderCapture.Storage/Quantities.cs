namespace OrderCapture.Storage;

/// <summary>Quantities are stored as whole thousandths, so sums are exact (OCI quantities are multiples of 0.001).</summary>
internal static class Quantities
{
    public static long ToMilli(decimal quantity) => (long)decimal.Round(quantity * 1000m, 0, MidpointRounding.AwayFromZero);

    public static decimal FromMilli(long milli) => milli / 1000m;

    public static long ToUnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
