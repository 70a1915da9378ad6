using System.Data.Common;
using Microsoft.Data.Sqlite;
using OrderCapture.Storage;
using OrderCapture.Storage.Sqlite;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>
/// The writer connection's statements are compiled once and run again with new values; a statement
/// run inside a read of itself, or on a connection that keeps nothing, gets a command of its own.
/// </summary>
public sealed class KeptCommandsTests
{
    private SqliteConnection _connection = null!;

    [SetUp]
    public void Open()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3);";
        create.ExecuteNonQuery();
    }

    [TearDown]
    public void Close() => _connection.Dispose();

    private const string ValueOf = "SELECT v FROM t WHERE k = @k";

    private static long Scalar(DbCommand command) => (long)command.ExecuteScalar()!;

    [Test]
    public void A_statement_run_again_on_a_kept_connection_is_the_same_command_with_the_new_values()
    {
        using var kept = new SqliteKeptCommands(_connection);
        KeptCommands.Keep(_connection, kept);

        DbCommand first;
        using (first = KeptCommands.Command(_connection, null, ValueOf, ("@k", "a")))
        {
            Assert.That(Scalar(first), Is.EqualTo(1));
        }

        using var second = KeptCommands.Command(_connection, null, ValueOf, ("@k", "b"));
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(Scalar(second), Is.EqualTo(2));
        });
    }

    [Test]
    public void A_kept_statement_called_without_a_value_it_needs_fails_instead_of_taking_the_last_call_s()
    {
        using var kept = new SqliteKeptCommands(_connection);
        KeptCommands.Keep(_connection, kept);
        using (var first = KeptCommands.Command(_connection, null, ValueOf, ("@k", "a")))
        {
            Assert.That(Scalar(first), Is.EqualTo(1));
        }

        using var without = KeptCommands.Command(_connection, null, ValueOf);
        Assert.That(() => without.ExecuteScalar(), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("@k"));
    }

    [Test]
    public void A_statement_run_inside_a_read_of_itself_gets_a_command_of_its_own()
    {
        using var kept = new SqliteKeptCommands(_connection);
        KeptCommands.Keep(_connection, kept);
        var values = new List<long>();

        using var outer = KeptCommands.Command(_connection, null, "SELECT k FROM t ORDER BY k");
        using (var keys = outer.ExecuteReader())
        {
            while (keys.Read())
            {
                using var inner = KeptCommands.Command(_connection, null, "SELECT k FROM t ORDER BY k");
                Assert.That(inner, Is.Not.SameAs(outer));
                using var value = KeptCommands.Command(_connection, null, ValueOf, ("@k", keys.GetString(0)));
                values.Add(Scalar(value));
            }
        }

        Assert.That(values, Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void A_kept_statement_still_answers_after_the_table_changes_shape_and_after_a_failed_run()
    {
        using var kept = new SqliteKeptCommands(_connection);
        KeptCommands.Keep(_connection, kept);
        const string insert = "INSERT INTO t(k, v) VALUES (@k, @v)";
        using (var command = KeptCommands.Command(_connection, null, insert, ("@k", "d"), ("@v", 4L)))
        {
            command.ExecuteNonQuery();
        }

        using (var duplicate = KeptCommands.Command(_connection, null, insert, ("@k", "d"), ("@v", 5L)))
        {
            Assert.That(() => duplicate.ExecuteNonQuery(), Throws.InstanceOf<SqliteException>());
        }

        using (var alter = _connection.CreateCommand())
        {
            alter.CommandText = "ALTER TABLE t ADD COLUMN note TEXT";
            alter.ExecuteNonQuery();
        }

        using (var again = KeptCommands.Command(_connection, null, insert, ("@k", "e"), ("@v", 5L)))
        {
            again.ExecuteNonQuery();
        }

        using var read = KeptCommands.Command(_connection, null, ValueOf, ("@k", "e"));
        Assert.That(Scalar(read), Is.EqualTo(5));
    }

    [Test]
    public void Once_the_kept_commands_are_disposed_and_on_a_connection_that_keeps_none_every_command_is_new()
    {
        var kept = new SqliteKeptCommands(_connection);
        KeptCommands.Keep(_connection, kept);
        DbCommand before;
        using (before = KeptCommands.Command(_connection, null, ValueOf, ("@k", "a")))
        {
            Scalar(before);
        }

        kept.Dispose();
        using var after = KeptCommands.Command(_connection, null, ValueOf, ("@k", "c"));
        using var other = new SqliteConnection("Data Source=:memory:");
        other.Open();
        using var first = KeptCommands.Command(other, null, "SELECT 1");
        first.Dispose();
        using var second = KeptCommands.Command(other, null, "SELECT 1");
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.Not.SameAs(before));
            Assert.That(Scalar(after), Is.EqualTo(3));
            Assert.That(second, Is.Not.SameAs(first));
        });
    }
}
