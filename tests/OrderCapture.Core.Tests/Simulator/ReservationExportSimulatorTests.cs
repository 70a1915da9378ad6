using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary>The simulator's reservations export and the document changes it can plant, read through the real client and raw HTTP.</summary>
public sealed class ReservationExportSimulatorTests
{
    private const string Exports = "/inventory/impex/v1/organizations/oc_sim/reservations/exports";
    private static readonly DateTimeOffset Noon = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");
    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync() => _oci = await OciTestContext.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private async Task ReserveAsync(string id, DateTimeOffset at, decimal quantity = 2)
    {
        var request = new ReservationRequest
        {
            ExternalRefId = $"MySite-{id}",
            ReservationTime = at,
            Groups = [new ReservationPlaceRequest(Group.Id, [new ReservationLineRequest("SKU-1", quantity)])],
            Locations = [],
        };
        Assert.That(await _oci.Client.CreateReservationAsync(id, request, CancellationToken.None), Is.TypeOf<OciResult<ReservationResponse>.Success>());
    }

    private async Task<List<ReservationDocument>> ExportAsync(ReservationDocumentState state, DateTimeOffset from, DateTimeOffset? to = null)
    {
        var documents = new List<ReservationDocument>();
        var result = await _oci.Client.ExportReservationsAsync(new ReservationExportQuery(state, from, to), (batch, _) => { documents.AddRange(batch); return ValueTask.CompletedTask; }, null, CancellationToken.None);
        Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Success>().And.Property("Value").Property("Deleted").True);
        return documents;
    }

    private decimal GroupReserved => _oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, Group.Id), "SKU-1")!.Reserved;

    [Test]
    public async Task Open_documents_hold_their_quantities_and_a_cancelled_one_is_closed_holding_nothing()
    {
        await ReserveAsync("r-open", Noon);
        await ReserveAsync("r-cancelled", Noon.AddMinutes(1));
        await _oci.Client.CancelReservationAsync("r-cancelled", CancellationToken.None);

        var open = await ExportAsync(ReservationDocumentState.Open, Noon.AddHours(-1));
        var closed = await ExportAsync(ReservationDocumentState.Closed, Noon.AddHours(-1));

        Assert.Multiple(() =>
        {
            Assert.That(open.Select(d => (d.ReservationId, d.ExternalRefId, d.ReservationTime, d.State)), Is.EqualTo(new[] { ("r-open", (string?)"MySite-r-open", (DateTimeOffset?)Noon, ReservationDocumentState.Open) }));
            Assert.That(open.Single().Lines, Is.EqualTo(new[] { new ReservationDocumentLine(Group, "SKU-1", 2, 0) }));
            Assert.That(closed.Select(d => (d.ReservationId, d.State)), Is.EqualTo(new[] { ("r-cancelled", ReservationDocumentState.Closed) }));
            Assert.That(closed.Single().Lines.Single().Quantity, Is.Zero);
        });
    }

    [Test]
    public async Task The_export_lists_documents_by_reservation_time_between_from_and_to()
    {
        await ReserveAsync("r-before", Noon.AddDays(-2));
        await ReserveAsync("r-inside", Noon);
        await ReserveAsync("r-after", Noon.AddDays(2));

        var inside = await ExportAsync(ReservationDocumentState.Open, Noon.AddHours(-1), Noon.AddHours(1));

        Assert.That(inside.Select(d => d.ReservationId), Is.EqualTo(new[] { "r-inside" }));
    }

    [Test]
    public async Task A_cancelled_document_in_the_file_carries_its_Reserved_and_Cancelled_actions_with_string_timestamps()
    {
        await ReserveAsync("r-1", Noon);
        await _oci.Client.CancelReservationAsync("r-1", CancellationToken.None);
        var http = await _oci.AuthorisedRawAsync();

        using var started = await http.PostAsJsonAsync(Exports, new { status = "closed", fromDate = "2026-11-20T00:00:00Z" });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await OciTestContext.WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"{Exports}/{id}/status")).GetProperty("status").GetString() == "COMPLETED");
        var line = JsonDocument.Parse(await http.GetStringAsync($"{Exports}/{id}/file-content")).RootElement;

        var actions = line.GetProperty("reservationDetails")[0].GetProperty("reservationDetailActions").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(line.GetProperty("reservationState").GetString(), Is.EqualTo("CLOSED"));
            Assert.That(line.GetProperty("reservationTime").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(actions.Select(a => a.GetProperty("action").GetString()), Is.EqualTo(new[] { "Reserved", "Cancelled" }));
            Assert.That(actions.Select(a => a.GetProperty("timestamp").ValueKind), Is.All.EqualTo(JsonValueKind.String));
        });
    }

    [TestCase("""{"status":"any","fromDate":"2026-11-20T00:00:00Z"}""", TestName = "An export of an unknown status is refused")]
    [TestCase("""{"status":"open"}""", TestName = "An export without fromDate is refused")]
    [TestCase("""{"status":"open","fromDate":"2026-11-20T00:00:00Z","toDate":"2026-11-19T00:00:00Z"}""", TestName = "An export whose fromDate is after its toDate is refused")]
    public async Task A_bad_export_request_is_400_InvalidRequestParameter(string body)
    {
        var http = await _oci.AuthorisedRawAsync();

        using var response = await http.PostAsync(Exports, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString(), Is.EqualTo("InvalidRequestParameter"));
    }

    [Test]
    public async Task A_finished_export_is_deleted_once_and_its_id_is_unknown_to_the_availability_exports()
    {
        var http = await _oci.AuthorisedRawAsync();
        using var started = await http.PostAsJsonAsync(Exports, new { status = "open", fromDate = "2026-11-20T00:00:00Z" });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await OciTestContext.WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"{Exports}/{id}/status")).GetProperty("status").GetString() == "COMPLETED");

        using var other = await http.GetAsync($"/inventory/impex/v1/organizations/oc_sim/availability-records/exports/{id}/status");
        using var deleted = await http.DeleteAsync($"{Exports}/{id}");
        using var again = await http.DeleteAsync($"{Exports}/{id}");

        Assert.That((other.StatusCode, deleted.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NoContent, HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task Planted_changes_move_the_stock_with_the_document()
    {
        await ReserveAsync("r-1", Noon, quantity: 2);
        await ReserveAsync("r-2", Noon, quantity: 3);
        await _oci.Client.CancelReservationAsync("r-2", CancellationToken.None);
        Assert.That(GroupReserved, Is.EqualTo(2));

        using (await _oci.Raw.PutAsJsonAsync("/_sim/reservations/r-1/lines", new { group = Group.Id, sku = "SKU-1", quantity = 1 }))
        {
        }

        Assert.That(GroupReserved, Is.EqualTo(1), "a changed quantity holds the new quantity");
        using (await _oci.Raw.PostAsync("/_sim/reservations/r-2/reopen", null))
        {
        }

        Assert.That(GroupReserved, Is.EqualTo(4), "a reopened document holds its stock again");
        using var removed = await _oci.Raw.DeleteAsync("/_sim/reservations/r-1");
        using var unknown = await _oci.Raw.DeleteAsync("/_sim/reservations/r-1");

        Assert.Multiple(() =>
        {
            Assert.That(GroupReserved, Is.EqualTo(3), "a removed document gives its stock back");
            Assert.That((removed.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NotFound)));
        });
    }
}
