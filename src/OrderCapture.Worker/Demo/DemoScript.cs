using OrderCapture.OciSimulator.State;

namespace OrderCapture.Worker.Demo;

/// <summary>The demo's inventory and orders: small enough to read, rich enough to reach every outcome.</summary>
internal static class DemoScript
{
    public const string Site = "MySite";
    public const string List = "MySiteInventory";

    /// <summary>The store in the site's group where shoppers may pick up (the guide's "Shipping and BOPIS").</summary>
    public const string PickupStore = "store-042";

    public static InventorySeed Inventory { get; } = new()
    {
        Locations =
        [
            new SeedLocation("warehouse-1", [new SeedRecord("TSHIRT-RED-M", 40), new SeedRecord("MUG-CLASSIC", 5), new SeedRecord("POSTER-LTD", 1), new SeedRecord("CAP-BLACK", 6)]),
            new SeedLocation("store-042", [new SeedRecord("TSHIRT-RED-M", 8), new SeedRecord("MUG-CLASSIC", 3)]),
        ],
        Groups = [new SeedGroup(List, ["warehouse-1", "store-042"])],
    };

    /// <summary>Taken while OCI answers: reserved at once; the last is picked up at the store.</summary>
    public static (string OrderNo, DemoLine[] Lines)[] OnlineOrders { get; } =
    [
        ("0000010001", [new("TSHIRT-RED-M", 2)]),
        ("0000010002", [new("MUG-CLASSIC", 1), new("TSHIRT-RED-M", 1)]),
        ("0000010008", [new("TSHIRT-RED-M", 1, PickupStore)]),
    ];

    /// <summary>
    /// Taken while OCI is down. 0000010007 asks for the poster the cache has already promised and is
    /// refused; 0000010009 ships a T-shirt and picks up a mug at the store (a mixed order, one
    /// document); 0000010010 would pick up two mugs the store still has, but its group has one left
    /// and a store never offers more than its group (invariant 2): refused.
    /// </summary>
    public static (string OrderNo, DemoLine[] Lines)[] OfflineOrders { get; } =
    [
        ("0000010003", [new("TSHIRT-RED-M", 3)]),
        ("0000010004", [new("MUG-CLASSIC", 5)]),
        ("0000010005", [new("CAP-BLACK", 2), new("POSTER-LTD", 1)]),
        ("0000010006", [new("CAP-BLACK", 3)]),
        ("0000010007", [new("POSTER-LTD", 1)]),
        ("0000010009", [new("TSHIRT-RED-M", 1), new("MUG-CLASSIC", 1, PickupStore)]),
        ("0000010010", [new("MUG-CLASSIC", 2, PickupStore)]),
    ];

    /// <summary>During the outage another channel (a store POS) sells stock OCI knows about and the cache does not.</summary>
    public static (string Sku, decimal Quantity)[] OtherChannelSales { get; } = [("MUG-CLASSIC", 5), ("CAP-BLACK", 6)];
}

/// <summary>A line of a demo order: shipped from the site's group, or picked up at <paramref name="PickUpAt"/>.</summary>
internal sealed record DemoLine(string Sku, decimal Quantity, string? PickUpAt = null)
{
    public override string ToString() => PickUpAt is null ? $"{Quantity} × {Sku}" : $"{Quantity} × {Sku} picked up at {PickUpAt}";
}
