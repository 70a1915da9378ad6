using OrderCapture.Core.Reconciliation;

namespace OrderCapture.Core.Tests.Reconciliation;

/// <summary>Outcomes written after OCI answered: the PUTs go on, the bound holds, nothing is left unwaited.</summary>
public sealed class OutcomeWritesTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_caller_moves_on_while_an_outcome_commits_and_the_drain_waits_for_it()
    {
        using var writes = new OutcomeWrites(maxInFlight: 4, CancellationToken.None);
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await writes.StartAsync(_ => commit.Task).WaitAsync(Long);
        var drain = writes.DrainAsync();
        await Task.Delay(50);

        Assert.That(drain.IsCompleted, Is.False, "the drain returned before the outcome was committed");
        commit.SetResult();
        await drain.WaitAsync(Long);
    }

    [Test]
    public async Task No_more_outcomes_than_the_bound_are_in_flight_and_a_finished_one_makes_room()
    {
        using var writes = new OutcomeWrites(maxInFlight: 2, CancellationToken.None);
        var commits = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        await writes.StartAsync(_ => commits[0].Task).WaitAsync(Long);
        await writes.StartAsync(_ => commits[1].Task).WaitAsync(Long);
        var third = writes.StartAsync(_ => commits[2].Task);
        await Task.Delay(50);
        Assert.That(third.IsCompleted, Is.False, "a third write started while two were in flight");

        commits[0].SetResult();
        await third.WaitAsync(Long);
        commits[1].SetResult();
        commits[2].SetResult();
        await writes.DrainAsync().WaitAsync(Long);
    }

    [Test]
    public async Task A_failed_write_is_thrown_by_the_drain_not_lost()
    {
        using var writes = new OutcomeWrites(maxInFlight: 2, CancellationToken.None);

        await writes.StartAsync(_ => Task.FromException(new IOException("disk full"))).WaitAsync(Long);
        await writes.StartAsync(_ => Task.CompletedTask).WaitAsync(Long);

        Assert.That(async () => await writes.DrainAsync(), Throws.InstanceOf<IOException>().With.Message.EqualTo("disk full"));
        await writes.StartAsync(_ => Task.CompletedTask).WaitAsync(Long); // the failure gave its room back
    }

    [Test]
    public async Task A_write_gets_the_runs_token_so_a_batch_stopped_by_an_outage_still_writes_what_OCI_answered()
    {
        using var run = new CancellationTokenSource();
        using var writes = new OutcomeWrites(maxInFlight: 2, run.Token);
        var given = CancellationToken.None;

        await writes.StartAsync(ct =>
        {
            given = ct;
            return Task.CompletedTask;
        }).WaitAsync(Long);
        await writes.DrainAsync().WaitAsync(Long);

        Assert.That(given, Is.EqualTo(run.Token));
    }

    [Test]
    public async Task Waiting_for_room_ends_when_the_run_is_cancelled()
    {
        using var run = new CancellationTokenSource();
        using var writes = new OutcomeWrites(maxInFlight: 1, run.Token);
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await writes.StartAsync(_ => commit.Task).WaitAsync(Long);

        var waiting = writes.StartAsync(_ => Task.CompletedTask);
        await run.CancelAsync();

        Assert.That(async () => await waiting.WaitAsync(Long), Throws.InstanceOf<OperationCanceledException>());
        commit.SetResult();
        await writes.DrainAsync().WaitAsync(Long);
    }
}
