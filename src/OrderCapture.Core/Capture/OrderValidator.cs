using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Capture;

/// <summary>Turns an untrusted submission into an order, or into the list of everything wrong with it.</summary>
public sealed class OrderValidator(SiteCatalog sites)
{
    /// <summary>Most lines one order may carry.</summary>
    public const int MaxLines = 10_000;

    public (Order? Order, IReadOnlyList<string> Errors) Validate(OrderSubmission submission, DateTimeOffset capturedAt)
    {
        var errors = new List<string>();
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

            var listId = line.InventoryListId ?? site?.InventoryListId;
            var placeType = listId is null ? null : sites.PlaceTypeOf(listId);
            if (line.InventoryListId is not null && (!Names.IsValidInventoryListId(line.InventoryListId) || placeType is null))
            {
                errors.Add($"lines[{i}].inventoryListId is not a configured inventory list");
            }

            if (errors.Count == 0 && placeType is { } type)
            {
                validated.Add(new OrderLine(line.Sku!, listId!, type, line.Quantity!.Value));
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Order(submission.Site!, submission.OrderNo!, OrderStatus.ReservationMissing, capturedAt, validated), []);
    }
}
