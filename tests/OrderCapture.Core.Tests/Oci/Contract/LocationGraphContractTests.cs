using System.Security.Cryptography;
using System.Text;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Places;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>The impex location-graph export (OCI-CONTRACT.md "Location graph") against the vendor's shapes.</summary>
public sealed class LocationGraphContractTests
{
    private const string Exports = $"{WireMockOci.ImpexBase}/location-graph/exports";
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start();

    [TearDown]
    public void Stop() => _oci.Dispose();

    /// <summary>The contract's example: a warehouse in two groups, a store in one, a location in none.</summary>
    private const string VendorFile =
        """{"locations":["store-042","store-043","dc-east"],"groups":[{"id":"MySiteInventory","locations":["dc-east","store-042"]},{"id":"OtherBrandInventory","locations":["dc-east"]}]}""";

    private void Export(string file, string? hash = null, string status = "COMPLETED")
    {
        _oci.Answer("POST", Exports, 200, $$"""{"exportId":"g1","exportStatusLink":"{{Exports}}/g1/status"}""");
        hash ??= Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(file)));
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/g1/status").UsingGet()).InScenario("graph").WillSetStateTo("ran")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"g1","status":"PENDING","export":{"startTimeUTC":"2026-12-04T12:00:00Z","recordsProcessedCount":0,"recordsExportedCount":0}}"""));
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/g1/status").UsingGet()).InScenario("graph").WhenStateIs("ran")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"id":"g1","status":"{{{status}}}","export":{"startTimeUTC":"2026-12-04T12:00:00Z","endTimeUTC":"2026-12-04T12:00:01Z","recordsProcessedCount":5,"recordsExportedCount":5},"download":{"downloadLink":"{{{Exports}}}/g1/file-content","downloadLinkExpirationUTC":"2026-12-04T13:00:00Z"},"validation":{"fileHashType":"SHA-256","fileHash":"{{{hash}}}","fileSize":{{{Encoding.UTF8.GetByteCount(file)}}}}}"""));
        _oci.Answer("GET", $"{Exports}/g1/file-content", 200, file);
        _oci.Server.Given(Request.Create().WithPath($"{Exports}/g1").UsingDelete()).RespondWith(Response.Create().WithStatusCode(204));
    }

    [Test]
    public async Task The_graph_is_started_without_a_body_read_verified_and_deleted()
    {
        Export(VendorFile);

        var result = await _oci.Client.ExportLocationGraphAsync(ReadAt, CancellationToken.None);

        var graph = ((OciResult<LocationGraph>.Success)result).Value;
        var start = _oci.Requests(Exports).Single();
        Assert.Multiple(() =>
        {
            Assert.That(start.Method, Is.EqualTo("POST"));
            Assert.That(start.Body, Is.Null.Or.Empty, "the vendor's start takes no body");
            Assert.That(start.Headers!["Authorization"].Single(), Is.EqualTo($"Bearer {WireMockOci.Token}"));
            Assert.That(graph.Locations, Is.EquivalentTo(new[] { "store-042", "store-043", "dc-east" }));
            Assert.That(graph.LocationsOf("MySiteInventory"), Is.EquivalentTo(new[] { "dc-east", "store-042" }));
            Assert.That(graph.GroupsContaining("dc-east"), Is.EqualTo(new[] { "MySiteInventory", "OtherBrandInventory" }), "a location in two groups");
            Assert.That(graph.GroupsContaining("store-043"), Is.Empty, "a location in no group");
            Assert.That(graph.GroupsSharingWith("OtherBrandInventory"), Is.EqualTo(new[] { "MySiteInventory" }));
            Assert.That(graph.ReadAt, Is.EqualTo(ReadAt));
            Assert.That(_oci.Requests($"{Exports}/g1").Single().Method, Is.EqualTo("DELETE"), "the export is deleted once read");
        });
    }

    [Test]
    public async Task A_file_that_fails_its_hash_is_not_used()
    {
        Export(VendorFile, hash: new string('0', 64));

        Assert.That(await _oci.Client.ExportLocationGraphAsync(ReadAt, CancellationToken.None), Is.TypeOf<OciResult<LocationGraph>.Outage>());
    }

    [Test]
    public async Task A_file_that_is_not_the_graph_document_is_an_outage_not_an_empty_graph()
    {
        Export("{\"locations\":[\"store-042\"");

        Assert.That(await _oci.Client.ExportLocationGraphAsync(ReadAt, CancellationToken.None), Is.TypeOf<OciResult<LocationGraph>.Outage>());
    }

    [Test]
    public async Task An_export_that_fails_at_OCI_is_refused()
    {
        Export(VendorFile, status: "FAILED");

        Assert.That(await _oci.Client.ExportLocationGraphAsync(ReadAt, CancellationToken.None), Is.TypeOf<OciResult<LocationGraph>.Rejected>());
    }

    [Test]
    public async Task A_token_without_the_graph_scope_gives_no_graph_and_says_403()
    {
        // The gateway's own 403, as the impex spec's 403Error example has it.
        _oci.Answer("POST", Exports, 403, """{"timestamp":"2020-07-06T18:10:45.927+0000","status":403,"error":"Forbidden","message":"No message available","path":"/inventory/impex/v1/organizations/oc_sim/location-graph/exports","type":"about:blank"}""");

        var result = await _oci.Client.ExportLocationGraphAsync(ReadAt, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<LocationGraph>.Outage>().With.Property("Reason").Contains("403"));
    }
}
