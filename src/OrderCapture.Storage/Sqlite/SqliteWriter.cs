using Microsoft.Data.Sqlite;
using OrderCapture.Core.Storage;

namespace OrderCapture.Storage.Sqlite;

/// <summary>
/// The one connection that writes. Writes queue up (<see cref="GroupCommitQueue{T}"/>); the loop
/// folds whatever is waiting into one transaction (group commit: one fsync for many orders), each
/// write in its own savepoint so one failure does not undo its neighbours. A write's task
/// completes only after COMMIT. Serialising writes here is also what makes the ATO check and the
/// decrement one atomic step. Whatever goes wrong in a batch (BEGIN, a savepoint, a rollback
/// SQLite already did, COMMIT) answers every write of the batch that was not committed, so no
/// caller waits for ever.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly GroupCommitQueue<IWrite> _queue;
    private readonly SqliteConnection _connection;
    private readonly SqliteWriterFaults? _faults;
    private readonly SqliteKeptCommands _kept;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection, int maxBatch, int maxQueued, SqliteWriterFaults? faults = null)
    {
        _connection = connection;
        _faults = faults;
        _kept = new SqliteKeptCommands(connection);
        KeptCommands.Keep(connection, _kept); // the connection lives as long as the writer: its statements are compiled once

        // Each write's savepoint copies every page the write changes into a statement journal. On
        // disk, that is a temp file and a pwrite per page, several per order; in memory it is a copy.
        // A batch's journal holds the pages its writes touch (a cache rebuild's drop of an old
        // generation: about 40 MB per million SKUs), and is freed at COMMIT.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA temp_store = MEMORY";
            pragma.ExecuteNonQuery();
        }

        // SqliteTransaction.Save and Release compile their statement on every call.
        _savepoint = Prepared(connection, "SAVEPOINT w");
        _release = Prepared(connection, "RELEASE w");
        _queue = new GroupCommitQueue<IWrite>(maxBatch, maxQueued, singleReader: true);
        _loop = Task.Run(() => _queue.RunAsync(batch =>
        {
            CommitBatch(batch);
            return Task.CompletedTask;
        }));
    }

    private interface IWrite : IQueuedWrite
    {
        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Committed();

        void Failed(Exception error);
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    public Task<T> ExecuteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        var write = new Write<T>(work, cancellationToken);
        _queue.Enqueue(write);
        return write.Task;
    }

    private void CommitBatch(List<IWrite> batch)
    {
        var succeeded = new List<IWrite>(batch.Count);
        var answered = 0; // writes before this index have been told (failed alone) or are in succeeded
        try
        {
            Step(SqliteWriterStep.Begin);
            using var transaction = _connection.BeginTransaction();
            _savepoint.Transaction = transaction;
            _release.Transaction = transaction;
            foreach (var write in batch)
            {
                Step(SqliteWriterStep.Savepoint);
                _savepoint.ExecuteNonQuery();
                try
                {
                    Step(SqliteWriterStep.Write);
                    write.Run(_connection, transaction);
                    _release.ExecuteNonQuery();
                    succeeded.Add(write);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The savepoint is undone for this write alone; if even that fails, the batch fails below.
                    Step(SqliteWriterStep.Rollback);
                    transaction.Rollback("w");
                    transaction.Release("w");
                    write.Failed(ex);
                }

                answered++;
            }

            Step(SqliteWriterStep.Commit);
            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing in the batch is durable: those that ran are failed, and so is every write not yet
            // reached (the one running included). A write already failed alone keeps its own error.
            succeeded.ForEach(w => w.Failed(ex));
            for (var i = answered; i < batch.Count; i++)
            {
                batch[i].Failed(ex);
            }

            return;
        }

        succeeded.ForEach(w => w.Committed());
    }

    private void Step(SqliteWriterStep step) => _faults?.Before(step);

    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _loop.ConfigureAwait(false);
        _kept.Dispose();
        await _savepoint.DisposeAsync().ConfigureAwait(false);
        await _release.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) : IWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);

        public void Committed() => _completion.TrySetResult(_result);

        public void Failed(Exception error) => _completion.TrySetException(error);

        public void Cancelled() => _completion.TrySetException(new OperationCanceledException(cancellationToken));
    }
}

/// <summary>The steps of a writer batch, where a test may make one fail.</summary>
internal enum SqliteWriterStep
{
    Begin,
    Savepoint,
    Write,
    Rollback,
    Commit,
}

/// <summary>
/// Fault injection for tests: <see cref="Before"/> runs before each step of a batch and may throw,
/// as SQLite does on a full disk or an I/O error. Registered only by tests.
/// </summary>
internal sealed class SqliteWriterFaults
{
    private Func<SqliteWriterStep, Exception?> _fault = _ => null;

    /// <summary>From now on, <paramref name="fault"/> says which exception (if any) a step throws.</summary>
    public void Set(Func<SqliteWriterStep, Exception?> fault) => Volatile.Write(ref _fault, fault);

    public void Before(SqliteWriterStep step)
    {
        if (Volatile.Read(ref _fault)(step) is { } error)
        {
            throw error;
        }
    }
}
