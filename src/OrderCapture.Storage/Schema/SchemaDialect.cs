using System.Data.Common;

namespace OrderCapture.Storage;

/// <summary>
/// How one dialect spells <see cref="SchemaSteps"/>' tokens, and the runner both use: each step
/// the dialect has runs once, in order, in its own transaction, and is recorded by its number.
/// </summary>
internal sealed class SchemaDialect(string name, IReadOnlyDictionary<string, string> tokens, Func<SchemaSteps.Step, string?> own)
{
    public static readonly SchemaDialect Sqlite = new("SQLite", new Dictionary<string, string>
    {
        ["{int}"] = "INTEGER", ["{long}"] = "INTEGER", ["{real}"] = "REAL", ["{bool}"] = "INTEGER", ["{true}"] = "1",
        ["{rowid}"] = "INTEGER PRIMARY KEY", ["{serial}"] = "INTEGER PRIMARY KEY AUTOINCREMENT", ["{without_rowid}"] = " WITHOUT ROWID",
    }, step => step.Sqlite);

    public static readonly SchemaDialect Postgres = new("PostgreSQL", new Dictionary<string, string>
    {
        ["{int}"] = "integer", ["{long}"] = "bigint", ["{real}"] = "double precision", ["{bool}"] = "boolean", ["{true}"] = "true",
        ["{rowid}"] = "bigserial PRIMARY KEY", ["{serial}"] = "bigserial PRIMARY KEY", ["{without_rowid}"] = "",
    }, step => step.Postgres);

    /// <summary>This dialect's steps, in order: the n-th is its version n.</summary>
    public IReadOnlyList<string> Steps { get; } = [.. SchemaSteps.All.Where(s => s.Both is not null || own(s) is not null).Select(s => Spell(s.Both ?? "", tokens) + (own(s) ?? ""))];

    public int LatestVersion => Steps.Count;

    private static string Spell(string ddl, IReadOnlyDictionary<string, string> tokens) =>
        tokens.Aggregate(ddl, (text, token) => text.Replace(token.Key, token.Value, StringComparison.Ordinal));

    /// <summary>Applies the steps <paramref name="connection"/>'s database has not had yet.</summary>
    public void Migrate(DbConnection connection)
    {
        Run(connection, null, "CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)");
        using var read = connection.CreateCommand();
        read.CommandText = SchemaSql.Version;
        var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = current + 1; version <= Steps.Count; version++)
        {
            using var tx = connection.BeginTransaction();
            if (Steps[version - 1].Trim().Length > 0)
            {
                Run(connection, tx, Steps[version - 1]);
            }

            Run(connection, tx, $"INSERT INTO schema_version(version) VALUES ({version})");
            tx.Commit();
        }
    }

    /// <summary>Runs one statement, or a script of several, for its effect alone.</summary>
    public static void Run(DbConnection connection, DbTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override string ToString() => name;
}
