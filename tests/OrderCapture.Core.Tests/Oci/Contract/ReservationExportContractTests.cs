using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>The impex reservations export (OCI-CONTRACT.md "the reservations export instead") against the vendor's shapes.</summary>
public sealed class ReservationExportContractTests
{
    private const string Exports = $"{WireMockOci.ImpexBase}/reservations/exports";
    private static readonly DateTimeOffset From = new(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start();

    [TearDown]
    public void Stop() => _oci.Dispose();

    /// <summary>The vendor's example line: reservationTime a number, action timestamps strings, a group and a location detail.</summary>
    private const string VendorLine =
        """{"reservationId":"r-1","externalRefId":"MySite-0000012345","reservationTime":1648718653000,"reservationState":"OPEN","reservationDetails":[{"group":"MySiteInventory","sku":"SKU-1","quantity":2,"reservationDetailActions":[{"requestId":"q1","quantity":2,"action":"Reserved","group":"MySiteInventory","timestamp":"1648720001000"}]},{"location":"store-042","sku":"SKU-9","quantity":1,"reservationDetailActions":[{"requestId":"q2","quantity":1,"action":"Reserved","location":"store-042","timestamp":"1648720001000"}]}]}""";

    private static string Sha(string text, HashAlgorithmName algorithm) =>
        Convert.ToHexString(algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(Encoding.UTF8.GetBytes(text)) : SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>An export that runs for one status poll and then completes with <paramref name="file"/>.</summary>
    private void Export(string file, string? hash = null, string hashType = "SHA-256", long? size = null, string? downloadLink = null, int deleteStatus = 204)
    {
        _oci.Answer("POST", Exports, 200, $$"""{"exportId":"x1","exportStatusLink":"{{Exports}}/x1/status"}""");
        hash ??= Sha(file, hashType == "SHA-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
        var link = downloadLink ?? $"{Exports}/x1/file-content";
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/x1/status").UsingGet()).InScenario("export").WillSetStateTo("ran")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"x1","status":"RUNNING","export":{"recordsProcessedCount":0,"recordsExportedCount":0}}"""));
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/x1/status").UsingGet()).InScenario("export").WhenStateIs("ran")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"id":"x1","status":"COMPLETED","export":{"recordsProcessedCount":1,"recordsExportedCount":1},"download":{"downloadLink":"{{{link}}}","downloadLinkExpirationUTC":"2026-02-02T01:00:00Z"},"validation":{"fileHashType":"{{{hashType}}}","fileHash":"{{{hash}}}","fileSize":{{{size ?? Encoding.UTF8.GetByteCount(file)}}}}}"""));
        _oci.Answer("GET", $"{Exports}/x1/file-content", 200, file, "application/x-ndjson");
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/x1").UsingDelete()).RespondWith(Response.Create().WithStatusCode(deleteStatus));
    }

    private async Task<(OciResult<ReservationExportResult> Result, List<ReservationDocument> Documents, List<ExportProgress> Progress)> RunAsync(ReservationExportQuery? query = null)
    {
        var documents = new List<ReservationDocument>();
        var progress = new List<ExportProgress>();
        var result = await _oci.Client.ExportReservationsAsync(
            query ?? new ReservationExportQuery(ReservationDocumentState.Open, From),
            (batch, _) => { documents.AddRange(batch); return ValueTask.CompletedTask; },
            new SynchronousProgress(progress.Add),
            CancellationToken.None);
        return (result, documents, progress);
    }

    [Test]
    public async Task The_export_is_started_with_status_and_dates_as_the_contract_writes_them_and_signed()
    {
        Export(VendorLine + "\n");

        await RunAsync(new ReservationExportQuery(ReservationDocumentState.Closed, From, From.AddHours(36)));

        var start = _oci.Requests(Exports).Single();
        using var body = JsonDocument.Parse(start.Body!);
        Assert.Multiple(() =>
        {
            Assert.That(start.Method, Is.EqualTo("POST"));
            Assert.That(start.Headers!["Authorization"].Single(), Is.EqualTo($"Bearer {WireMockOci.Token}"));
            Assert.That(Guid.TryParse(start.Headers!["Correlation-ID"].Single(), out _), Is.True);
            Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "status", "fromDate", "toDate" }));
            Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("closed"));
            Assert.That(body.RootElement.GetProperty("fromDate").GetString(), Is.EqualTo("2026-02-02T00:00:00Z"));
            Assert.That(body.RootElement.GetProperty("toDate").GetString(), Is.EqualTo("2026-02-03T12:00:00Z"));
        });
    }

    [Test]
    public async Task Without_a_to_date_none_is_sent_so_OCI_takes_its_now()
    {
        Export(VendorLine + "\n");

        await RunAsync();

        using var body = JsonDocument.Parse(_oci.Requests(Exports).Single().Body!);
        Assert.That(body.RootElement.TryGetProperty("toDate", out _), Is.False);
    }

    [Test]
    public async Task The_vendors_example_line_is_read_with_its_places_quantities_and_epoch_time_and_the_export_deleted_after()
    {
        Export(VendorLine + "\n");

        var (result, documents, progress) = await RunAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<ReservationExportResult>.Success(new ReservationExportResult(1, Deleted: true))));
            var document = documents.Single();
            Assert.That(document with { Lines = [] }, Is.EqualTo(new ReservationDocument("r-1", "MySite-0000012345", DateTimeOffset.FromUnixTimeMilliseconds(1648718653000), ReservationDocumentState.Open, [])));
            Assert.That(document.Lines, Is.EqualTo(new[]
            {
                new ReservationDocumentLine(new PlaceRef(PlaceType.Group, "MySiteInventory"), "SKU-1", 2, 0),
                new ReservationDocumentLine(new PlaceRef(PlaceType.Location, "store-042"), "SKU-9", 1, 0),
            }));
            Assert.That(progress.Select(p => p.Status), Is.EqualTo(new[] { "RUNNING", "COMPLETED" }), "each status seen is told");
            Assert.That(_oci.Requests($"{Exports}/x1").Single().Method, Is.EqualTo("DELETE"));
        });
    }

    [Test]
    public async Task Times_as_strings_a_state_in_lower_case_and_fulfilled_actions_are_read()
    {
        const string line = """{"reservationId":"r-2","externalRefId":"MySite-2","reservationTime":"1648718653000","reservationState":"closed","reservationDetails":[{"group":"G1","sku":"SKU-1","quantity":0,"reservationDetailActions":[{"quantity":3,"action":"Reserved","timestamp":1648720001000},{"quantity":3,"action":"Fulfilled","timestamp":"1648720009000"}]}]}""";
        Export(line + "\n");

        var (_, documents, _) = await RunAsync();

        Assert.That(documents.Single(), Is.EqualTo(documents.Single() with
        {
            ReservationTime = DateTimeOffset.FromUnixTimeMilliseconds(1648718653000),
            State = ReservationDocumentState.Closed,
        }));
        Assert.That(documents.Single().Lines.Single(), Is.EqualTo(new ReservationDocumentLine(new PlaceRef(PlaceType.Group, "G1"), "SKU-1", 0, 3)));
    }

    [Test]
    public async Task A_SHA_512_export_verifies()
    {
        Export(VendorLine + "\n", hashType: "SHA-512");

        var (result, documents, _) = await RunAsync();

        Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Success>());
        Assert.That(documents, Has.Count.EqualTo(1));
    }

    [TestCase("hash")]
    [TestCase("size")]
    public async Task An_export_whose_hash_or_size_does_not_match_hands_over_nothing(string wrong)
    {
        Export(VendorLine + "\n", hash: wrong == "hash" ? Sha("other", HashAlgorithmName.SHA256) : null, size: wrong == "size" ? 7 : null);

        var (result, documents, _) = await RunAsync();

        Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Outage>());
        Assert.That(documents, Is.Empty);
    }

    [TestCase("""{"externalRefId":"MySite-1","reservationState":"OPEN","reservationDetails":[]}""", TestName = "A line without a reservation id fails the export")]
    [TestCase("""{"reservationId":"r","reservationState":"MAYBE","reservationDetails":[]}""", TestName = "A line with an unknown state fails the export")]
    [TestCase("""{"reservationId":"r","reservationState":"OPEN","reservationDetails":[{"sku":"SKU-1","quantity":1}]}""", TestName = "A detail without its place fails the export")]
    [TestCase("""{"reservationId":"r","reservationState":"OPEN","reservationDetails":[{"group":"G","sku":"SKU-1","quantity":"one"}]}""", TestName = "A detail with a quantity that is not a number fails the export")]
    [TestCase("""not json""", TestName = "A line that is not JSON fails the export")]
    public async Task A_line_that_cannot_be_read_surely_fails_the_whole_export(string line)
    {
        Export(VendorLine + "\n" + line + "\n");

        var (result, documents, _) = await RunAsync();

        Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Outage>().And.Property("Reason").Contains("line 2"));
        Assert.That(documents, Is.Empty, "a batch is handed over only when read whole; nothing half-read is judged");
    }

    [Test]
    public async Task A_failed_export_is_not_read()
    {
        _oci.Answer("POST", Exports, 200, $$"""{"exportId":"x1","exportStatusLink":"{{Exports}}/x1/status"}""");
        _oci.Answer("GET", $"{Exports}/x1/status", 200, """{"id":"x1","status":"FAILED"}""");

        var (result, _, _) = await RunAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Rejected>().And.Property("ErrorCode").EqualTo("ExportFailed"));
            Assert.That(_oci.Requests($"{Exports}/x1/file-content"), Is.Empty);
        });
    }

    [Test]
    public async Task A_bad_request_is_a_rejection_with_the_vendors_error_code()
    {
        _oci.Answer("POST", Exports, 400, """{"type":"about:blank","errorCode":"InvalidRequestParameter","message":"fromDate"}""", "application/problem+json");

        var (result, _, _) = await RunAsync();

        Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Rejected>().And.Property("ErrorCode").EqualTo("InvalidRequestParameter"));
    }

    [Test]
    public async Task A_download_link_on_another_host_is_not_followed_and_the_file_comes_from_OCI()
    {
        using var elsewhere = WireMockServer.Start();
        elsewhere.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody(VendorLine + "\n"));
        Export(VendorLine + "\n", downloadLink: $"{elsewhere.Url}/steal/file-content");

        var (result, documents, _) = await RunAsync();

        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.LogEntries, Is.Empty, "the bearer token never goes to another host");
            Assert.That(result, Is.TypeOf<OciResult<ReservationExportResult>.Success>());
            Assert.That(documents, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_delete_OCI_refuses_still_hands_over_the_documents_and_says_so()
    {
        Export(VendorLine + "\n", deleteStatus: 404);

        var (result, documents, _) = await RunAsync();

        Assert.That(result, Is.EqualTo(new OciResult<ReservationExportResult>.Success(new ReservationExportResult(1, Deleted: false))));
        Assert.That(documents, Has.Count.EqualTo(1));
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; a test wants the reports in order, at once.</summary>
    private sealed class SynchronousProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
