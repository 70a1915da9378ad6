using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Capture;

/// <summary>Turns an untrusted submission into an order, or into the list of everything wrong with it.</summary>
public sealed class OrderValidator(SiteCatalog sites)
{
    /// <summary>Most lines one order may carry.</summary>
    public const int MaxLines = 10_000;

    /// <summary>The error code of a submission whose only fault is a line naming a list its site may not use.</summary>
    public const string UnknownInventoryList = "unknown_inventory_list";

    /// <summary>The error code of any other invalid submission.</summary>
    public const string InvalidOrder = "invalid_order";

    /// <summary>
    /// The order, or what is wrong with the submission and its error code. A line's
    /// <c>inventoryListId</c> is its site's list when absent; otherwise it must be that list or one
    /// of the site's pick-up locations in <paramref name="scope"/> (a pick-up line).
    /// </summary>
    public (Order? Order, IReadOnlyList<string> Errors) Validate(OrderSubmission submission, DateTimeOffset capturedAt, PlaceScope scope) =>
        Validate(submission, capturedAt, scope, out _);

    /// <inheritdoc cref="Validate(OrderSubmission, DateTimeOffset, PlaceScope)"/>
    public (Order? Order, IReadOnlyList<string> Errors) Validate(OrderSubmission submission, DateTimeOffset capturedAt, PlaceScope scope, out string errorCode)
    {
        var errors = new List<string>();
        var unknownLists = 0;
        if (!Names.IsValidOrderNo(submission.OrderNo))
        {
            errors.Add($"orderNo must be {Names.NameRule}");
        }

        SiteOptions? site = null;
        if (!Names.IsValidSite(submission.Site))
        {
            errors.Add($"site must be {Names.NameRule}");
        }
        else if ((site = sites.Find(submission.Site!)) is null)
        {
            errors.Add($"site '{submission.Site}' is not configured");
        }

        var lines = submission.Lines ?? [];
        if (lines.Count is 0 or > MaxLines)
        {
            errors.Add($"lines must hold 1 to {MaxLines} items");
        }

        var validated = new List<OrderLine>(Math.Min(lines.Count, MaxLines));
        for (var i = 0; i < lines.Count && i < MaxLines && errors.Count < 20; i++)
        {
            var line = lines[i];
            if (line is null)
            {
                errors.Add($"lines[{i}] is null");
                continue;
            }

            if (!Names.IsValidSku(line.Sku))
            {
                errors.Add($"lines[{i}].sku must be 1–250 characters without \\ < > ; % / or whitespace");
            }

            if (line.Quantity is not { } quantity || quantity < 0.001m || decimal.Round(quantity, 3) != quantity || quantity > 1_000_000m)
            {
                errors.Add($"lines[{i}].quantity must be a positive multiple of 0.001, at most 1,000,000");
            }

            var place = site is null || (line.InventoryListId is not null && !Names.IsValidInventoryListId(line.InventoryListId))
                ? null
                : scope.PlaceOfLine(site.Id, line.InventoryListId);
            if (site is not null && place is null)
            {
                unknownLists++;
                errors.Add($"lines[{i}].inventoryListId must be the site's inventory list or one of its pick-up locations");
            }

            if (errors.Count == 0 && place is { } p)
            {
                validated.Add(new OrderLine(line.Sku!, p.Id, p.Type, line.Quantity!.Value));
            }
        }

        errorCode = errors.Count > 0 && errors.Count == unknownLists ? UnknownInventoryList : InvalidOrder;
        return errors.Count > 0
            ? (null, errors)
            : (new Order(submission.Site!, submission.OrderNo!, OrderStatus.ReservationMissing, capturedAt, validated), []);
    }
}
