using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>Cancelling a refused online attempt's document at OCI, now or later from the outbox.</summary>
public static class OciCancels
{
    /// <summary>Cancelled now, or before (409 ReservationCancelled), or never there (404): nothing left to do.</summary>
    public static bool IsSettled(OciResult<CancelOutcome> result) =>
        result is OciResult<CancelOutcome>.Success or OciResult<CancelOutcome>.Rejected { StatusCode: 404 or 409 };

    public static OutboxMessage Message(Order order) =>
        new(OutboxMessage.OciCancel, order.Site, order.OrderNo, order.ReservationId, Payload: "");
}
