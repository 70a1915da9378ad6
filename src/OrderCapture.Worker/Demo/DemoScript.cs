using OrderCapture.OciSimulator.State;

namespace OrderCapture.Worker.Demo;

/// <summary>The demo's inventory and orders: small enough to read, rich enough to reach every outcome.</summary>
internal static class DemoScript
{
    public const string Site = "MySite";
    public const string List = "MySiteInventory";

    public static InventorySeed Inventory { get; } = new()
    {
        Locations =
        [
            new SeedLocation("warehouse-1", [new SeedRecord("TSHIRT-RED-M", 40), new SeedRecord("MUG-CLASSIC", 5), new SeedRecord("POSTER-LTD", 1), new SeedRecord("CAP-BLACK", 6)]),
            new SeedLocation("store-042", [new SeedRecord("TSHIRT-RED-M", 8), new SeedRecord("MUG-CLASSIC", 3)]),
        ],
        Groups = [new SeedGroup(List, ["warehouse-1", "store-042"])],
    };

    /// <summary>Taken while OCI answers: reserved at once.</summary>
    public static (string OrderNo, (string Sku, decimal Quantity)[] Lines)[] OnlineOrders { get; } =
    [
        ("0000010001", [("TSHIRT-RED-M", 2)]),
        ("0000010002", [("MUG-CLASSIC", 1), ("TSHIRT-RED-M", 1)]),
    ];

    /// <summary>Taken while OCI is down; the last asks for more posters than the cache says exist and is refused.</summary>
    public static (string OrderNo, (string Sku, decimal Quantity)[] Lines)[] OfflineOrders { get; } =
    [
        ("0000010003", [("TSHIRT-RED-M", 3)]),
        ("0000010004", [("MUG-CLASSIC", 4)]),
        ("0000010005", [("CAP-BLACK", 2), ("POSTER-LTD", 1)]),
        ("0000010006", [("CAP-BLACK", 3)]),
        ("0000010007", [("POSTER-LTD", 1)]),
    ];

    /// <summary>During the outage another channel (a store POS) sells stock OCI knows about and the cache does not.</summary>
    public static (string Sku, decimal Quantity)[] OtherChannelSales { get; } = [("MUG-CLASSIC", 5), ("CAP-BLACK", 6)];
}
