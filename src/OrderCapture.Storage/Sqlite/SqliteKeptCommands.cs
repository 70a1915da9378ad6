using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrderCapture.Storage.Sqlite;

/// <summary>
/// The writer connection's kept commands, one per SQL text. Microsoft.Data.Sqlite keeps a command's
/// compiled statements until the command is disposed, so a kept command's dispose only gives it back;
/// <see cref="Dispose"/> disposes them all, before the connection closes.
/// </summary>
internal sealed class SqliteKeptCommands(SqliteConnection connection) : IKeptCommands, IDisposable
{
    private readonly Dictionary<string, KeptCommand> _commands = new(StringComparer.Ordinal);
    private readonly Lock _lock = new(); // the writer is one thread; the lock only makes misuse harmless
    private bool _disposed;

    public DbCommand? Rent(string sql)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return null;
            }

            if (!_commands.TryGetValue(sql, out var command))
            {
                command = new KeptCommand(this) { Connection = connection, CommandText = sql };
                _commands.Add(sql, command);
            }
            else if (command.InUse)
            {
                return null;
            }

            command.InUse = true;
            return command;
        }
    }

    private bool GiveBack(KeptCommand command)
    {
        lock (_lock)
        {
            command.InUse = false;
            return !_disposed;
        }
    }

    public void Dispose()
    {
        List<KeptCommand> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _commands.Values];
            _commands.Clear();
        }

        all.ForEach(c => c.Dispose());
    }

    private sealed class KeptCommand(SqliteKeptCommands owner) : SqliteCommand
    {
        public bool InUse { get; set; }

        protected override void Dispose(bool disposing)
        {
            if (!disposing || !owner.GiveBack(this))
            {
                base.Dispose(disposing);
            }
        }
    }
}
