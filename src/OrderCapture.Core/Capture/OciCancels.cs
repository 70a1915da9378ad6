using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>Cancelling a refused online attempt's document at OCI, now or later from the outbox.</summary>
public static class OciCancels
{
    /// <summary>
    /// Settled only by what the contract lists: 204/202, the document not existing (404, or 400
    /// InvalidRequestParameter "does not exist"), or 409 ReservationCancelled. ConcurrentModification and
    /// ReservationInvalidState right after a create are transient: never taken as done.
    /// </summary>
    public static bool IsSettled(OciResult<CancelOutcome> result) => result switch
    {
        OciResult<CancelOutcome>.Success => true,
        OciResult<CancelOutcome>.Rejected { StatusCode: 404 } => true,
        OciResult<CancelOutcome>.Rejected { StatusCode: 409, ErrorCode: "ReservationCancelled" } => true,
        OciResult<CancelOutcome>.Rejected { StatusCode: 400, ErrorCode: "InvalidRequestParameter", Message: var m } => m.Contains("does not exist", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

}
