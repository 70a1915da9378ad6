using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OrderCapture.Storage.Sqlite;

/// <summary>
/// The one connection that writes. Writes queue up; the loop folds whatever is waiting into
/// one transaction (group commit: one fsync for many orders), each write in its own savepoint
/// so one failure does not undo its neighbours. A write's task completes only after COMMIT.
/// Serialising writes here is also what makes the ATO check and the decrement one atomic step.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection, int maxBatch)
    {
        _connection = connection;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    private interface IWrite
    {
        CancellationToken CancellationToken { get; }

        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Committed();

        void Failed(Exception error);
    }

    public Task<T> ExecuteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        var write = new Write<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), this);

        return write.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Failed(new OperationCanceledException(next.CancellationToken));
                    continue;
                }

                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                CommitBatch(batch);
            }
        }
    }

    private void CommitBatch(List<IWrite> batch)
    {
        var succeeded = new List<IWrite>(batch.Count);
        try
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var write in batch)
            {
                transaction.Save("w");
                try
                {
                    write.Run(_connection, transaction);
                    transaction.Release("w");
                    succeeded.Add(write);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    transaction.Rollback("w");
                    transaction.Release("w");
                    write.Failed(ex);
                }
            }

            transaction.Commit();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // The commit itself failed: nothing in the batch is durable, so nobody is told it is.
            succeeded.ForEach(w => w.Failed(ex));
            return;
        }

        succeeded.ForEach(w => w.Committed());
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
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
    }
}
