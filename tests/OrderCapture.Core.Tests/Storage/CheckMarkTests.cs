using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>A check's mark is absent until set, then the last value set, per name; on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class CheckMarkTests(StorageProvider provider) : StoreTestBase(provider)
{
    protected override Task SeedAsync(TempStore store) => Task.CompletedTask;

    [Test]
    public async Task A_mark_is_absent_until_set_and_then_the_last_value_set_for_its_name_alone()
    {
        var marks = Temp.Store;
        var first = new DateTimeOffset(2026, 11, 20, 12, 0, 0, 123, TimeSpan.Zero);

        var before = await marks.GetCheckMarkAsync("verify_oci", CancellationToken.None);
        await marks.SetCheckMarkAsync("verify_oci", first, CancellationToken.None);
        await marks.SetCheckMarkAsync("verify_oci", first.AddHours(-3), CancellationToken.None);
        await marks.SetCheckMarkAsync("other", first.AddDays(1), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.Null);
            Assert.That(await marks.GetCheckMarkAsync("verify_oci", CancellationToken.None), Is.EqualTo(first.AddHours(-3)), "a mark may move back: orders older than it may still be unsettled");
            Assert.That(await marks.GetCheckMarkAsync("other", CancellationToken.None), Is.EqualTo(first.AddDays(1)));
        });
    }
}
