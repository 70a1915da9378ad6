using System.Data.Common;

namespace OrderCapture.Storage;

/// <summary>
/// Reads a row's columns by name, so a mapper says what it reads and a reordered or widened SELECT
/// cannot shift a value into the wrong field. Times are stored as Unix milliseconds, quantities as
/// thousandths (<see cref="Quantities"/>); both dialects agree on these types.
/// </summary>
internal static class Rows
{
    public static string String(this DbDataReader row, string column) => row.GetString(row.GetOrdinal(column));

    public static string? StringOrNull(this DbDataReader row, string column) =>
        row.GetOrdinal(column) is var i && row.IsDBNull(i) ? null : row.GetString(i);

    public static long Int64(this DbDataReader row, string column) => row.GetInt64(row.GetOrdinal(column));

    public static long? Int64OrNull(this DbDataReader row, string column) =>
        row.GetOrdinal(column) is var i && row.IsDBNull(i) ? null : row.GetInt64(i);

    public static int Int32(this DbDataReader row, string column) => row.GetInt32(row.GetOrdinal(column));

    public static double Double(this DbDataReader row, string column) => row.GetDouble(row.GetOrdinal(column));

    /// <summary>A flag: PostgreSQL's boolean, or SQLite's integer 0/1.</summary>
    public static bool Flag(this DbDataReader row, string column) => row.GetBoolean(row.GetOrdinal(column));

    public static bool IsNull(this DbDataReader row, string column) => row.IsDBNull(row.GetOrdinal(column));

    public static TEnum Enum<TEnum>(this DbDataReader row, string column)
        where TEnum : struct, System.Enum => System.Enum.Parse<TEnum>(row.String(column));

    /// <summary>A time stored as Unix milliseconds.</summary>
    public static DateTimeOffset Time(this DbDataReader row, string column) => Quantities.FromUnixMs(row.Int64(column));

    public static DateTimeOffset? TimeOrNull(this DbDataReader row, string column) =>
        row.Int64OrNull(column) is { } ms ? Quantities.FromUnixMs(ms) : null;

    /// <summary>A quantity stored in thousandths.</summary>
    public static decimal Quantity(this DbDataReader row, string column) => Quantities.FromMilli(row.Int64(column));

    public static decimal? QuantityOrNull(this DbDataReader row, string column) =>
        row.Int64OrNull(column) is { } milli ? Quantities.FromMilli(milli) : null;
}
