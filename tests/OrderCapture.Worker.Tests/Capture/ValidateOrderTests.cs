using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary><c>POST /api/orders/validate</c>: an order checked as a capture would check it, and nothing taken.</summary>
public sealed class ValidateOrderTests : WorkerTestBase
{
    [SetUp]
    public Task StartTheWorkerAsync() => StartWorkerAsync();

    [Test]
    public async Task A_good_order_is_valid_and_nothing_is_held_stored_or_reserved()
    {
        using var answer = await Worker.Http.PostAsJsonAsync("/api/orders/validate", new { orderNo = "check-1", site = "MySite", lines = new[] { new { sku = "SKU-1", quantity = 2 } } });
        using var lookup = await Worker.Http.GetAsync("/api/orders/MySite/check-1");

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").GetInt32(), Is.EqualTo(1));
            Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not taken");
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.Zero);
            Assert.That(Simulator.State.Reservations(), Is.Empty);
        });
    }

    [Test]
    public async Task A_bad_order_gets_the_error_a_capture_would_get()
    {
        using var list = await Worker.Http.PostAsJsonAsync("/api/orders/validate",
            new { orderNo = "check-2", site = "MySite", lines = new[] { new { sku = "SKU-1", quantity = 1, inventoryListId = "someone-elses" } } });
        using var quantity = await Worker.Http.PostAsJsonAsync("/api/orders/validate", new { orderNo = "check-3", site = "MySite", lines = new[] { new { sku = "SKU-1", quantity = 0 } } });

        Assert.Multiple(async () =>
        {
            Assert.That((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), Is.EqualTo("unknown_inventory_list"));
            Assert.That(quantity.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await quantity.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), Is.EqualTo("invalid_order"));
        });
    }
}
