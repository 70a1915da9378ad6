namespace OrderCapture.Core.Orders;

/// <summary>An order as the storefront posts it; nothing in it is trusted until validated.</summary>
public sealed record OrderSubmission
{
    public string? OrderNo { get; init; }
    public string? Site { get; init; }
    public IReadOnlyList<OrderSubmissionLine>? Lines { get; init; }
}

public sealed record OrderSubmissionLine
{
    public string? Sku { get; init; }
    public decimal? Quantity { get; init; }
    public string? InventoryListId { get; init; }
}
