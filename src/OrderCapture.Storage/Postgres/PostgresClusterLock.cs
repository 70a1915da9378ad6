using Npgsql;

namespace OrderCapture.Storage.Postgres;

/// <summary>
/// <see cref="IClusterLock"/> as a PostgreSQL session advisory lock on a connection of its own,
/// held for as long as the handle lives: if the instance dies, its connection closes and the
/// database releases the lock, so no lease is needed.
/// </summary>
internal sealed class PostgresClusterLock(NpgsqlDataSource dataSource) : IClusterLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@n, 0))", connection);
            command.Parameters.AddWithValue("@n", name);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new Held(connection, name);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@n, 0))", connection);
                command.Parameters.AddWithValue("@n", name);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and with it the lock: nothing left to release.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
