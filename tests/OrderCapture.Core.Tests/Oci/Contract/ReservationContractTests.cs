using System.Text.Json;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>
/// The reservation operations (create, cancel) and the token call, field by field against the
/// vendor's shapes (OCI-CONTRACT.md "Reservations"), with every answer the contract lists.
/// </summary>
public sealed class ReservationContractTests
{
    private const string Id = "MySite-0000012345";
    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start();

    [TearDown]
    public void Stop() => _oci.Dispose();

    private static ReservationRequest Body() => new()
    {
        ExternalRefId = "MySite-0000012345",
        AllowPartialReservations = true,
        Groups = [new ReservationPlaceRequest("MySiteInventory", [new ReservationLineRequest("SKU-1", 2)])],
        Locations = [new ReservationPlaceRequest("store-042", [new ReservationLineRequest("SKU-9", 1)])],
    };

    private void Answer(string method, int status, string? body, string contentType = "application/json", string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithHeader("Content-Type", contentType).WithBody(body);
        }

        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        _oci.Server.Given(Request.Create().WithPath($"{WireMockOci.ReservationBase}/reservation-documents/{Id}").UsingMethod(method)).RespondWith(response);
    }

    [Test]
    public async Task The_create_sends_a_PUT_with_the_bearer_token_a_correlation_id_and_the_contracts_body()
    {
        Answer("PUT", 200, """{"reservationTime":"2026-02-02T12:00:00Z","expirationTime":null,"success":true,"groups":[{"id":"MySiteInventory","details":[{"sku":"SKU-1","quantity":2}],"errors":[]}],"locations":[{"id":"store-042","details":[{"sku":"SKU-9","quantity":1}],"errors":[]}]}""");

        await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        var token = _oci.Server.LogEntries.Single(e => e.RequestMessage!.Path == "/dwsso/oauth2/access_token").RequestMessage!;
        var put = _oci.Server.LogEntries.Single(e => e.RequestMessage!.Method == "PUT").RequestMessage!;
        var body = JsonDocument.Parse(put.Body!).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(token.Headers!["Authorization"].Single(), Does.StartWith("Basic "));
            Assert.That(System.Web.HttpUtility.ParseQueryString(token.Body!)["grant_type"], Is.EqualTo("client_credentials"));
            Assert.That(System.Web.HttpUtility.ParseQueryString(token.Body!)["scope"]!.Split(' '), Is.EquivalentTo(new[]
            {
                "SALESFORCE_COMMERCE_API:oc_sim", "sfcc.inventory.availability", "sfcc.inventory.reservations.rw", "sfcc.inventory.impex-inventory",
                "sfcc.inventory.impex-inventory.rw", "sfcc.inventory.impex-graphs",
            }), "the contract's scopes, exactly");
            Assert.That(put.Path, Is.EqualTo($"{WireMockOci.ReservationBase}/reservation-documents/{Id}"));
            Assert.That(put.Headers!["Authorization"].Single(), Is.EqualTo($"Bearer {WireMockOci.Token}"));
            Assert.That(Guid.TryParse(put.Headers["Correlation-ID"].Single(), out _), Is.True, "a Correlation-ID on every call");
            Assert.That(body.GetProperty("externalRefId").GetString(), Is.EqualTo("MySite-0000012345"));
            Assert.That(body.GetProperty("allowPartialReservations").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("groups")[0].GetProperty("id").GetString(), Is.EqualTo("MySiteInventory"));
            Assert.That(body.GetProperty("groups")[0].GetProperty("reservations")[0].GetProperty("sku").GetString(), Is.EqualTo("SKU-1"));
            Assert.That(body.GetProperty("groups")[0].GetProperty("reservations")[0].GetProperty("quantity").GetDecimal(), Is.EqualTo(2m));
            Assert.That(body.GetProperty("locations")[0].GetProperty("id").GetString(), Is.EqualTo("store-042"));
            Assert.That(body.GetProperty("locations")[0].GetProperty("reservations")[0].GetProperty("quantity").GetDecimal(), Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task A_vendor_shaped_partial_answer_reads_per_place_with_short_and_unknown_lines()
    {
        Answer("PUT", 200, """
            {"reservationTime":"2026-02-02T12:00:00Z","expirationTime":null,"success":false,
             "groups":[{"id":"MySiteInventory","details":[{"sku":"SKU-1","quantity":1}],"errors":[{"sku":"SKU-1","errorCode":"InsufficientQuantity"}]}],
             "locations":[{"id":"store-042","details":[],"errors":[{"sku":"SKU-9","errorCode":"Unknown"}]}]}
            """);

        var result = await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        var answer = ((OciResult<ReservationResponse>.Success)result).Value;
        Assert.Multiple(() =>
        {
            Assert.That(answer.Success, Is.False);
            Assert.That(answer.ReservedQuantity("MySiteInventory", "SKU-1"), Is.EqualTo(1m));
            Assert.That(answer.ReservedQuantity("store-042", "SKU-9"), Is.Zero);
            Assert.That(answer.UnknownSkus(), Is.EqualTo(new[] { ("store-042", "SKU-9") }));
        });
    }

    [TestCase(409, "EntityExists")]
    [TestCase(409, "ReservationInvalidState")]
    [TestCase(409, "ReservationAlreadyFinalized")]
    [TestCase(409, "ReservationCancelled")]
    [TestCase(409, "ReservationOperationInProcess")]
    [TestCase(409, "ConcurrentModification")]
    [TestCase(409, "PreviousRequestAborted")]
    [TestCase(409, "PreviousRequestCancelled")]
    [TestCase(400, "InvalidRequest")]
    [TestCase(400, "LocationDoesNotExist")]
    [TestCase(400, "GroupDoesNotExist")]
    public async Task Every_documented_refusal_of_a_create_is_an_answer_with_its_code_never_an_outage(int status, string errorCode)
    {
        Answer("PUT", status, $$"""{"type":"about:blank","errorCode":"{{errorCode}}","message":"vendor says {{errorCode}}"}""", "application/problem+json");

        var result = await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OciResult<ReservationResponse>.Rejected(status, errorCode, $"vendor says {errorCode}")));
    }

    [Test]
    public async Task A_403_that_a_fresh_token_does_not_cure_is_an_outage_as_the_contract_says()
    {
        Answer("PUT", 403, """{"type":"about:blank","errorCode":"TenantNotProvisioned","message":"no tenant"}""", "application/problem+json");

        var result = await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Outage>());
            Assert.That(_oci.Server.LogEntries.Count(e => e.RequestMessage!.Path == "/dwsso/oauth2/access_token"), Is.GreaterThanOrEqualTo(2), "a fresh token was tried before giving up");
        });
    }

    [Test]
    public async Task A_problem_with_only_title_and_detail_is_read_too()
    {
        Answer("PUT", 409, """{"title":"Conflict","detail":"the document exists with another body"}""", "application/problem+json");

        var result = await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Rejected>());
        var rejected = (OciResult<ReservationResponse>.Rejected)result;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(409));
            Assert.That(rejected.Message, Does.Contain("the document exists with another body"));
        });
    }

    [Test]
    public async Task A_429_is_load_with_its_Retry_After_not_an_outage()
    {
        Answer("PUT", 429, """{"type":"about:blank","errorCode":"TooManyRequests","message":"slow down"}""", "application/problem+json", retryAfter: "3");

        var result = await _oci.Client.CreateReservationAsync(Id, Body(), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OciResult<ReservationResponse>.RateLimited(TimeSpan.FromSeconds(3))));
    }

    [TestCase(204, CancelOutcome.Cancelled)]
    [TestCase(202, CancelOutcome.Accepted)]
    public async Task The_cancel_is_a_PATCH_with_status_CANCELLED_and_both_acceptances_are_read(int status, CancelOutcome expected)
    {
        Answer("PATCH", status, null);

        var result = await _oci.Client.CancelReservationAsync(Id, CancellationToken.None);

        var patch = _oci.Server.LogEntries.Single(e => e.RequestMessage!.Method == "PATCH").RequestMessage!;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<CancelOutcome>.Success(expected)));
            Assert.That(JsonDocument.Parse(patch.Body!).RootElement.GetProperty("status").GetString(), Is.EqualTo("CANCELLED"));
            Assert.That(patch.Headers!["Authorization"].Single(), Is.EqualTo($"Bearer {WireMockOci.Token}"));
        });
    }

    [TestCase(404, "EntityNotFound")]
    [TestCase(409, "ReservationInvalidState")]
    [TestCase(409, "ReservationCancelled")]
    [TestCase(409, "ConcurrentModification")]
    public async Task A_refused_cancel_is_an_answer_with_its_code(int status, string errorCode)
    {
        Answer("PATCH", status, $$"""{"type":"about:blank","errorCode":"{{errorCode}}","message":"no"}""", "application/problem+json");

        var result = await _oci.Client.CancelReservationAsync(Id, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OciResult<CancelOutcome>.Rejected(status, errorCode, "no")));
    }
}
