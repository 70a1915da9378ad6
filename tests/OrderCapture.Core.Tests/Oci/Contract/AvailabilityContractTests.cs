using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>Availability, the delta feed and the full export against the vendor's shapes (OCI-CONTRACT.md).</summary>
public sealed class AvailabilityContractTests
{
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");
    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start();

    [TearDown]
    public void Stop() => _oci.Dispose();

    private const string GetAvailability = $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-availability";

    private const string GetDeltas = $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-deltas";

    private const string Exports = $"{WireMockOci.ImpexBase}/availability-records/exports";

    [Test]
    public async Task Get_availability_sends_the_skus_and_places_and_reads_the_vendors_records()
    {
        _oci.Answer("POST", GetAvailability, 200, """
            {"groups":[{"id":"MySiteInventory","records":[{"sku":"SKU-1","ato":24,"atf":4,"onHand":10,"reserved":6,"safetyStockCount":1,
              "effectiveDate":"2026-02-02T00:00:00Z","futures":[{"quantity":20,"expectedDate":"2026-03-01T00:00:00Z"}]}]}],"locations":[]}
            """);

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

        var request = JsonDocument.Parse(_oci.Requests(GetAvailability).Single().Body!).RootElement;
        var record = ((OciResult<IReadOnlyList<AvailabilityRecord>>.Success)result).Value.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.GetProperty("skus").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "SKU-1" }));
            Assert.That(request.GetProperty("groups").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "MySiteInventory" }));
            Assert.That(record, Is.EqualTo(new AvailabilityRecord(Group, "SKU-1", 24, 4, 10, 6)));
        });
    }

    [Test]
    public async Task A_get_availability_of_more_than_100_sku_place_pairs_is_split()
    {
        _oci.Answer("POST", GetAvailability, 200, """{"groups":[],"locations":[]}""");

        await _oci.Client.GetAvailabilityAsync([.. Enumerable.Range(0, 250).Select(i => $"SKU-{i}")], [Group], CancellationToken.None);

        var calls = _oci.Requests(GetAvailability).Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("skus").GetArrayLength()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls, Has.All.LessThanOrEqualTo(100));
            Assert.That(calls.Sum(), Is.EqualTo(250));
        });
    }

    [TestCase("InvalidRequestParameter")]
    [TestCase("LocationDoesNotExist")]
    [TestCase("GroupDoesNotExist")]
    public async Task A_refused_get_availability_is_an_answer_with_its_code(string errorCode)
    {
        _oci.Answer("POST", GetAvailability, 400, $$"""{"type":"about:blank","errorCode":"{{errorCode}}","message":"no"}""", "application/problem+json");

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OciResult<IReadOnlyList<AvailabilityRecord>>.Rejected(400, errorCode, "no")));
    }

    [Test]
    public async Task The_delta_feed_is_followed_while_OCI_says_query_again_and_deletes_are_read()
    {
        _oci.Server.Given(Request.Create().WithPath(GetDeltas).UsingPost().WithBody(b => b!.Contains("\"t0\"", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""
                {"nextDeltaToken":"t1","shouldQueryAgain":true,"records":[{"id":"MySiteInventory","sku":"SKU-1","deltaType":"Change","ato":7,"atf":7,"onHand":9,"reserved":2,"safetyStockCount":0,"effectiveDate":null,"futures":[]}]}
                """));
        _oci.Server.Given(Request.Create().WithPath(GetDeltas).UsingPost().WithBody(b => b!.Contains("\"t1\"", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""
                {"nextDeltaToken":"t2","shouldQueryAgain":false,"records":[{"id":"MySiteInventory","sku":"SKU-2","deltaType":"Delete"}]}
                """));
        var pages = new List<IReadOnlyList<DeltaRecord>>();

        var result = await _oci.Client.GetDeltasAsync("t0", (page, _) => { pages.Add(page); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<string>.Success("t2")));
            Assert.That(pages.SelectMany(p => p).Select(r => (r.Sku, r.IsDelete)), Is.EqualTo(new[] { ("SKU-1", false), ("SKU-2", true) }));
            Assert.That(pages[0][0].Ato, Is.EqualTo(7m));
            Assert.That(JsonDocument.Parse(_oci.Requests(GetDeltas)[0].Body!).RootElement.GetProperty("deltaToken").GetString(), Is.EqualTo("t0"));
        });
    }

    [TestCase(410)]
    [TestCase(400)]
    public async Task A_dead_delta_token_is_ExpiredDeltaLink_whichever_status_carries_it(int status)
    {
        _oci.Answer("POST", GetDeltas, status, """{"type":"about:blank","errorCode":"ExpiredDeltaLink","message":"expired"}""", "application/problem+json");

        var result = await _oci.Client.GetDeltasAsync("t0", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<string>.Rejected>().And.Property("ErrorCode").EqualTo("ExpiredDeltaLink"));
    }

    /// <summary>A completed export whose status names <paramref name="hash"/> and <paramref name="size"/> and links to <paramref name="downloadLink"/>.</summary>
    private void Export(string file, string hash, long size, string? downloadLink = null)
    {
        _oci.Answer("POST", Exports, 202, $$"""{"exportId":"e1","exportStatusLink":"{{Exports}}/e1/status"}""");
        var link = downloadLink ?? $"{Exports}/e1/file-content";
        _oci.Answer("GET", $"{Exports}/e1/status", 200,
            $$$"""{"id":"e1","status":"COMPLETED","export":{"recordsExportedCount":1},"download":{"downloadLink":"{{{link}}}"},"validation":{"fileHashType":"SHA-256","fileHash":"{{{hash}}}","fileSize":{{{size}}}}}""");
        _oci.Answer("GET", $"{Exports}/e1/file-content", 200, file, "application/x-ndjson");
    }

    private static string File => "{\"groupId\":\"MySiteInventory\"}\n{\"sku\":\"SKU-1\",\"onHand\":10,\"reserved\":6,\"atf\":4,\"ato\":4,\"safetyStockCount\":0,\"effectiveDate\":null,\"futures\":[],\"groupReserved\":0,\"sharedGroupReserved\":0}\n{\"deltaToken\":\"dt-1\"}\n";

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Test]
    public async Task An_export_that_verifies_hands_over_its_records_and_delta_token()
    {
        Export(File, Sha256(File), Encoding.UTF8.GetByteCount(File));
        var records = new List<AvailabilityRecord>();

        var result = await _oci.Client.ExportAsync([Group], (batch, _) => { records.AddRange(batch); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<ExportResult>.Success(new ExportResult(1, "dt-1"))));
            Assert.That(records.Single(), Is.EqualTo(new AvailabilityRecord(Group, "SKU-1", 4, 4, 10, 6)));
            Assert.That(JsonDocument.Parse(_oci.Requests(Exports).Single().Body!).RootElement.GetProperty("objects").GetProperty("groups")[0].GetString(), Is.EqualTo("MySiteInventory"));
        });
    }

    [TestCase("hash")]
    [TestCase("size")]
    public async Task An_export_whose_hash_or_size_does_not_match_hands_over_nothing(string wrong)
    {
        Export(File, wrong == "hash" ? Sha256("something else") : Sha256(File), wrong == "size" ? 3 : Encoding.UTF8.GetByteCount(File));
        var records = new List<AvailabilityRecord>();

        var result = await _oci.Client.ExportAsync([Group], (batch, _) => { records.AddRange(batch); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<ExportResult>.Outage>());
            Assert.That(records, Is.Empty);
        });
    }

    [Test]
    public async Task A_download_link_on_another_host_is_not_followed_the_token_stays_home_and_the_file_comes_from_OCI()
    {
        using var elsewhere = WireMockServer.Start();
        elsewhere.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody(File));
        Export(File, Sha256(File), Encoding.UTF8.GetByteCount(File), downloadLink: $"{elsewhere.Url}/steal/file-content");

        var result = await _oci.Client.ExportAsync([Group], (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.LogEntries, Is.Empty, "nothing, and so no bearer token, goes to another host (another port is another host)");
            Assert.That(result, Is.EqualTo(new OciResult<ExportResult>.Success(new ExportResult(1, "dt-1"))), "the file is fetched from the contract's path on OCI");
        });
    }
}
