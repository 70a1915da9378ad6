using System.Text;
using System.Text.Json;
using OrderCapture.Core.Reports;

namespace OrderCapture.Core.Tests.Reports;

/// <summary>Daily files past the share's upload limit continue in numbered parts; an order once in a part stays there.</summary>
public sealed class DailyFilePartsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    private static WorkFileDocument Order(int i, string? note = null) => new()
    {
        OrderNo = $"o{i:D4}",
        Site = "MySite",
        CapturedAt = Noon.AddSeconds(i),
        ReconciledAt = Noon.AddSeconds(i + 60),
        Outcome = "CompletelyReserved",
        ReservationId = note ?? $"r{i}",
        Attempts = 1,
        Lines = [new WorkFileLine { Sku = "SKU-\u00e9", InventoryListId = "List", Quantity = 1.5m, ReservedQuantity = 1.5m }],
    };

    [Test]
    public void A_part_is_byte_for_byte_what_the_serializer_writes_for_a_daily_file()
    {
        var parts = new DailyFileParts("MySite", "20260202", ReportKind.Reserved, maxFileBytes: 90_000_000);
        var orders = Enumerable.Range(0, 5).Select(i => Order(4 - i)).ToList();
        orders.ForEach(o => parts.AddNew(o));

        var expected = JsonSerializer.Serialize(new DailyFile("MySite", "20260202", "reserved", [.. orders.OrderBy(o => o.ReconciledAt)]), ReportJsonContext.Default.DailyFile).ReplaceLineEndings("\n");
        Assert.That(parts.Changed().Single().Content, Is.EqualTo(expected));
    }

    [Test]
    public void Orders_past_the_limit_continue_in_numbered_parts_each_within_it()
    {
        const long limit = 20_000;
        var parts = new DailyFileParts("MySite", "20260202", ReportKind.Reserved, limit);
        for (var i = 0; i < 200; i++)
        {
            parts.AddNew(Order(i));
        }

        var written = parts.Changed();
        var orderNos = written.SelectMany(p => JsonDocument.Parse(p.Content).RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(written.Count, Is.GreaterThan(2));
            Assert.That(written.Select(p => p.Name), Is.EqualTo(Enumerable.Range(1, written.Count).Select(n => n == 1 ? "20260202_reserved_MySite.json" : $"20260202_reserved_MySite_{n}.json")));
            Assert.That(written.Select(p => Encoding.UTF8.GetByteCount(p.Content)), Has.All.LessThanOrEqualTo(limit));
            Assert.That(written.Take(written.Count - 1).Select(p => Encoding.UTF8.GetByteCount(p.Content)), Has.All.GreaterThan(limit * 3 / 4), "parts are filled, not one order each");
            Assert.That(orderNos, Is.EqualTo(Enumerable.Range(0, 200).Select(i => $"o{i:D4}")), "every order once, in time order across the parts");
        });
    }

    [Test]
    public void An_order_already_in_a_part_stays_there_and_new_orders_only_touch_the_last_part()
    {
        var parts = new DailyFileParts("MySite", "20260202", ReportKind.Reserved, 20_000);
        parts.AddExisting(1, Enumerable.Range(0, 10).Select(i => Order(i)));
        parts.AddExisting(2, Enumerable.Range(10, 5).Select(i => Order(i)));

        Assert.Multiple(() =>
        {
            Assert.That(parts.AddNew(Order(3)), Is.False, "already in part 1");
            Assert.That(parts.AddNew(Order(-1)), Is.True);
            Assert.That(parts.Changed().Select(p => p.Name), Is.EqualTo(new[] { "20260202_reserved_MySite_2.json" }), "an earlier order goes to the last part; part 1 is not rewritten");
        });
    }

    [Test]
    public void One_order_larger_than_the_limit_gets_a_part_of_its_own_rather_than_being_lost()
    {
        var parts = new DailyFileParts("MySite", "20260202", ReportKind.Reserved, 10_000);
        parts.AddNew(Order(0));
        parts.AddNew(Order(1, note: new string('x', 20_000)));
        parts.AddNew(Order(2));

        Assert.That(parts.Changed().Select(p => (p.Name, JsonDocument.Parse(p.Content).RootElement.GetProperty("orders").GetArrayLength())),
            Is.EqualTo(new[] { ("20260202_reserved_MySite.json", 1), ("20260202_reserved_MySite_2.json", 1), ("20260202_reserved_MySite_3.json", 1) }));
    }
}
