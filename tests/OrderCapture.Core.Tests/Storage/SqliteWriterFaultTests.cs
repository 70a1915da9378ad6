using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Storage;
using OrderCapture.Storage.Sqlite;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>
/// Whatever fails inside a SQLite writer batch, every write of it is answered at once (committed or
/// failed), and the writer goes on with the next batch: no caller waits for ever.
/// </summary>
public sealed class SqliteWriterFaultTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ordercapture-writer-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteOrderStore Open(SqliteWriterFaults faults, int maxQueued = 10_000) => new(
        Options.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "w.db")}", MaxQueuedWrites = maxQueued }),
        new OutboxSignal(), TimeProvider.System, faults);

    private static Task<Alert> WriteAsync(SqliteOrderStore store, int i) =>
        store.AddAlertAsync(new NewAlert(DateTimeOffset.UnixEpoch.AddSeconds(i), AlertSeverity.Info, "test", $"write {i}"), push: false, CancellationToken.None);

    [TestCase("Begin")]
    [TestCase("Savepoint")]
    [TestCase("Rollback")]
    [TestCase("Commit")]
    public async Task A_failure_at_a_batch_step_answers_every_write_within_a_second_and_the_writer_goes_on(string stepName)
    {
        var step = Enum.Parse<SqliteWriterStep>(stepName);
        var faults = new SqliteWriterFaults();
        await using var store = Open(faults);
        var failNext = 1;
        faults.Set(s =>
        {
            // A rollback only happens after a write fails: make the first write fail, then its rollback.
            if (step == SqliteWriterStep.Rollback && s == SqliteWriterStep.Write && failNext == 1)
            {
                return new SqliteException("a write fails", 1);
            }

            return s == step && Interlocked.Exchange(ref failNext, 0) == 1 ? new SqliteException($"injected at {step}", 10) : null;
        });

        var writes = Enumerable.Range(0, 50).Select(i => WriteAsync(store, i)).ToArray();
        var all = Task.WhenAll(writes);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1)));
        var waiting = writes.Count(w => !w.IsCompleted);
        faults.Set(_ => null);
        var after = await WriteAsync(store, 99).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That(waiting, Is.Zero, "every write answered within a second");
            Assert.That(writes.Count(w => w.IsFaulted), Is.GreaterThan(0), "the injected failure reached its callers");
            Assert.That(writes.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException), Has.All.InstanceOf<SqliteException>());
            Assert.That(after.Message, Is.EqualTo("write 99"), "the writer goes on");
            var stored = await store.ListAlertsAsync(null, 500, CancellationToken.None);
            Assert.That(stored.Count, Is.EqualTo(writes.Count(w => w.IsCompletedSuccessfully) + 1), "what was answered committed is stored, nothing else");
        });
    }

    [Test]
    public async Task A_failing_write_fails_alone_and_its_neighbours_commit()
    {
        var faults = new SqliteWriterFaults();
        await using var store = Open(faults);
        var failNext = 1;
        faults.Set(s => s == SqliteWriterStep.Write && Interlocked.Exchange(ref failNext, 0) == 1 ? new SqliteException("one write fails", 19) : null);

        var writes = Enumerable.Range(0, 20).Select(i => WriteAsync(store, i)).ToArray();
        await Task.WhenAny(Task.WhenAll(writes), Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Multiple(() =>
        {
            Assert.That(writes.Count(w => w.IsFaulted), Is.EqualTo(1));
            Assert.That(writes.Count(w => w.IsCompletedSuccessfully), Is.EqualTo(19));
        });
    }

    [Test]
    public async Task A_full_write_queue_answers_busy_at_once_and_takes_the_next_write_once_it_drains()
    {
        var faults = new SqliteWriterFaults();
        await using var store = Open(faults, maxQueued: 16);
        using var hold = new ManualResetEventSlim();
        faults.Set(s =>
        {
            if (s == SqliteWriterStep.Commit)
            {
                hold.Wait(TimeSpan.FromSeconds(10)); // the disk is slow: batches pile up behind this one
            }

            return null;
        });

        var first = WriteAsync(store, 0);
        await Task.Delay(100); // the first batch is now in its commit
        var queued = Enumerable.Range(1, 16).Select(i => WriteAsync(store, i)).ToArray();
        var refused = Assert.ThrowsAsync<StoreBusyException>(() => WriteAsync(store, 17));
        hold.Set();
        faults.Set(_ => null);
        await Task.WhenAll(queued.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));
        var later = await WriteAsync(store, 18).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.IsTransient, Is.True);
            Assert.That(queued.All(w => w.IsCompletedSuccessfully), Is.True, "what was queued is written");
            Assert.That(later.Message, Is.EqualTo("write 18"));
        });
    }
}
