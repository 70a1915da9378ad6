using OrderCapture.Core.Outbox;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Tests.Outbox;

public sealed class OutboxSignalTests
{
    private static readonly OutboxMessage WorkFile = new(OutboxMessage.WorkFile, "MySite", "o-1", "work/reserved_MySite_o-1.json", "{}");
    private static readonly OutboxMessage Push = new(OutboxMessage.OrderManagementPush, "MySite", "o-1", "r-1:CompletelyReserved", "{}");

    /// <summary>Whether <paramref name="lane"/> was woken, without waiting (and taking the wake-up).</summary>
    private static Task<bool> Woken(OutboxSignal signal, OutboxLane lane) => signal.WaitAsync(lane, TimeSpan.Zero, CancellationToken.None);

    [Test]
    public async Task A_commit_of_work_files_wakes_the_work_file_lane_and_leaves_the_push_lane_asleep()
    {
        using var signal = new OutboxSignal();

        signal.Notify([WorkFile, WorkFile]);

        Assert.That(await Woken(signal, OutboxLane.WorkFiles), Is.True);
        Assert.That(await Woken(signal, OutboxLane.Pushes), Is.False);
    }

    [Test]
    public async Task A_commit_with_a_push_and_a_work_file_wakes_both_lanes()
    {
        using var signal = new OutboxSignal();

        signal.Notify([WorkFile, Push]);

        Assert.That(await Woken(signal, OutboxLane.WorkFiles), Is.True);
        Assert.That(await Woken(signal, OutboxLane.Pushes), Is.True);
    }

    [Test]
    public async Task A_commit_without_messages_wakes_no_lane()
    {
        using var signal = new OutboxSignal();

        signal.Notify([]);

        Assert.That(await Woken(signal, OutboxLane.WorkFiles), Is.False);
        Assert.That(await Woken(signal, OutboxLane.Pushes), Is.False);
    }

    [Test]
    public async Task Many_commits_before_a_lane_looks_wake_it_once()
    {
        using var signal = new OutboxSignal();

        for (var i = 0; i < 5; i++)
        {
            signal.Notify(OutboxLane.WorkFiles);
        }

        Assert.That(await Woken(signal, OutboxLane.WorkFiles), Is.True);
        Assert.That(await Woken(signal, OutboxLane.WorkFiles), Is.False);
    }

    [TestCase(OutboxMessage.WorkFile, OutboxLane.WorkFiles)]
    [TestCase(OutboxMessage.OrderManagementPush, OutboxLane.Pushes)]
    [TestCase(OutboxMessage.OciCancel, OutboxLane.Pushes)]
    [TestCase(Alerts.AlertPush.OutboxKind, OutboxLane.Pushes)]
    public void Each_kind_of_message_belongs_to_one_lane(string kind, OutboxLane lane) =>
        Assert.That(new OutboxMessage(kind, "MySite", "o-1", "t", "").Lane, Is.EqualTo(lane));
}
