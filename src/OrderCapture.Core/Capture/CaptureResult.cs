using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>How a submitted order came out; the HTTP layer maps each case to one status code.</summary>
public abstract record CaptureResult
{
    private CaptureResult()
    {
    }

    /// <summary>201 when <paramref name="Created"/>, else 200 with the first answer.</summary>
    public sealed record Accepted(Order Order, bool Created) : CaptureResult;

    /// <summary>400: the submission is wrong; nothing changed.</summary>
    public sealed record Invalid(string Error, IReadOnlyList<string> Details) : CaptureResult;

    /// <summary>409 insufficient_inventory; nothing changed.</summary>
    public sealed record Insufficient(IReadOnlyList<ShortLine> Lines) : CaptureResult;

    /// <summary>409 order_cancelled: this order number was cancelled (or not accepted); it is not taken again.</summary>
    public sealed record Cancelled(Order Order) : CaptureResult;

    /// <summary>503: the same order is being reserved by another request right now; retry shortly.</summary>
    public sealed record Busy(string Reason) : CaptureResult;
}
