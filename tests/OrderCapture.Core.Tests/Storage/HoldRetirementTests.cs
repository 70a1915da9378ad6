using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCapture.Core.Storage;
using OrderCapture.Storage;
using OrderCapture.Testing;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>The hold-retirement rule (invariant 3), and the SQL both stores evaluate it with, agreeing on every case.</summary>
public sealed class HoldRetirementTests
{
    private static readonly DateTimeOffset Confirmed = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>(replaced at, cache fetched at, still counts)</summary>
    private static readonly (DateTimeOffset? ReplacedAt, DateTimeOffset? FetchedAt, bool Counts)[] Cases =
    [
        (null, null, true),                                // not reserved, nothing cached
        (null, Confirmed, true),                           // not reserved: always counts
        (Confirmed, null, true),                           // reserved, but the cache was never fetched
        (Confirmed, Confirmed.AddSeconds(-1), true),       // the cache is older than the reservation: OCI's ATO does not include it yet
        (Confirmed, Confirmed, true),                      // fetched the same millisecond: not known to include it
        (Confirmed, Confirmed.AddSeconds(1), false),       // the cache was fetched after: OCI's ATO includes it; retired
    ];

    [Test]
    public void A_hold_counts_until_the_cache_is_fetched_after_its_reservation_was_confirmed()
    {
        Assert.That(Cases.Select(c => HoldRetirement.StillCounts(c.ReplacedAt, c.FetchedAt)), Is.EqualTo(Cases.Select(c => c.Counts)));
    }

    [Test]
    public async Task SQLite_evaluates_the_same_rule()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        Assert.That(await EvaluateAsync(connection, "$r", "$f"), Is.EqualTo(Cases.Select(c => c.Counts)));
    }

    [Test]
    public async Task PostgreSQL_evaluates_the_same_rule()
    {
        await using var connection = new NpgsqlConnection((await PostgresCluster.SharedAsync()).AdminConnectionString);
        await connection.OpenAsync();
        Assert.That(await EvaluateAsync(connection, "@r::bigint", "@f::bigint"), Is.EqualTo(Cases.Select(c => c.Counts)));
    }

    /// <summary>The still-counts predicate and its complement, the retirement predicate, on each case.</summary>
    private static async Task<List<bool>> EvaluateAsync(DbConnection connection, string replaced, string fetched)
    {
        var results = new List<bool>();
        foreach (var (replacedAt, fetchedAt, _) in Cases)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CASE WHEN {AvailabilitySql.HoldStillCounts(replaced, fetched)} THEN 1 ELSE 0 END, " +
                                  $"CASE WHEN {AvailabilitySql.HoldRetired(fetched).Replace("replaced_at", replaced, StringComparison.Ordinal)} THEN 1 ELSE 0 END";
            foreach (var (name, value) in new[] { ("r", replacedAt), ("f", fetchedAt) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var counts = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) == 1;
            var retired = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == 1;
            Assert.That(retired, Is.EqualTo(!counts), $"retired exactly when it no longer counts ({replacedAt}, {fetchedAt})");
            results.Add(counts);
        }

        return results;
    }
}
