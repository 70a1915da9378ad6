namespace OrderCapture.Core.Orders;

/// <summary>How an action on one order (cancel, resolve) came out; the HTTP layer and the CLI map each case to one answer.</summary>
public abstract record OrderActionResult
{
    private OrderActionResult()
    {
    }

    /// <summary>200: done now, or before (a repeat answers the same).</summary>
    public sealed record Done(Order Order) : OrderActionResult;

    /// <summary>400: the request is wrong; nothing changed.</summary>
    public sealed record Invalid(string Error, string Detail) : OrderActionResult;

    /// <summary>404.</summary>
    public sealed record NotFound : OrderActionResult;

    /// <summary>409: the order is past the point where the action applies.</summary>
    public sealed record Refused(Order Order, string Why) : OrderActionResult;
}
