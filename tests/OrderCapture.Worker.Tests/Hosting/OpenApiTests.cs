using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary><c>/openapi/v1.json</c> describes every <c>/api/*</c> call, and real traffic fits what it says.</summary>
public sealed class OpenApiTests : WorkerTestBase
{
    private static readonly (string Method, string Path)[] Api =
    [
        ("post", "/api/orders"), ("get", "/api/orders"), ("get", "/api/orders/{site}/{orderNo}"), ("post", "/api/orders/{site}/{orderNo}/cancel"),
        ("get", "/api/status"), ("get", "/api/availability/{inventoryListId}/{sku}"), ("get", "/api/alerts"), ("post", "/api/alerts/{id}/ack"),
        ("post", "/api/reconcile"), ("post", "/api/merge"),
    ];

    [Test]
    public async Task The_document_lists_every_call_and_a_real_order_and_its_answer_fit_its_schemas()
    {
        await StartWorkerAsync();
        using var plain = new HttpClient { BaseAddress = Worker.Host.BaseUrl }; // no key: the document is public
        var document = await plain.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var request = JsonSerializer.SerializeToElement(new { orderNo = "oa-1", site = WorkerTestHost.Site, lines = new[] { new { sku = "SKU-1", quantity = 2m } } });
        using var response = await Worker.Http.PostAsJsonAsync("/api/orders", request);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var capture = paths.GetProperty("/api/orders").GetProperty("post");
        var requestSchema = capture.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var answerSchema = capture.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var order = await Worker.GetJsonAsync("/api/orders/MySite/oa-1");
        var orderSchema = paths.GetProperty("/api/orders/{site}/{orderNo}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

        Assert.Multiple(() =>
        {
            foreach (var (method, path) in Api)
            {
                Assert.That(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), Is.True, $"{method.ToUpperInvariant()} {path} is described");
            }

            Assert.That(capture.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "201", "200", "400", "409", "503" }));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(JsonSchemaCheck.Problems(document, requestSchema, request), Is.Empty, "the sample order fits the request schema");
            Assert.That(JsonSchemaCheck.Problems(document, answerSchema, answer), Is.Empty, "the answer fits the 201 schema");
            Assert.That(JsonSchemaCheck.Problems(document, orderSchema, order), Is.Empty, "the order view fits its schema");
            Assert.That(JsonSchemaCheck.Problems(document, requestSchema, JsonSerializer.SerializeToElement(new { orderNo = 5, site = "x" })), Is.Not.Empty,
                "the check can fail: a number for orderNo does not fit");
        });
    }
}
