using System.Globalization;
using System.Text;
using Npgsql;

namespace OrderCapture.Bench;

/// <summary>
/// <c>scaleout --pg-statements FILE</c>: what PostgreSQL ran while the queue was reconciled, from
/// <c>pg_stat_statements</c> (loaded into the run's private cluster), one table per PostgreSQL run
/// appended to FILE: calls, server time, rows and buffers per statement, the costliest first. The
/// benchmark's own polling of the counts by status is among them.
/// </summary>
internal static class PgStatements
{
    /// <summary>The server settings that load the extension.</summary>
    public static readonly string[] Settings = ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"];

    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
    }

    public static async Task AppendAsync(string connectionString, string file, string label, int orders)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 30
            """, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"## {label}: {orders} orders reconciled\n\n| calls | per order | server ms | rows | buffers | statement |\n|---:|---:|---:|---:|---:|---|\n");
        while (await reader.ReadAsync())
        {
            var calls = reader.GetInt64(0);
            var statement = reader.GetString(4);
            table.Append(CultureInfo.InvariantCulture,
                $"| {calls} | {(double)calls / orders:0.00} | {reader.GetDouble(1):0} | {reader.GetInt64(2)} | {reader.GetInt64(3)} | {(statement.Length > 160 ? statement[..160] + "…" : statement).Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        await File.AppendAllTextAsync(file, table.Append('\n').ToString());
    }
}
