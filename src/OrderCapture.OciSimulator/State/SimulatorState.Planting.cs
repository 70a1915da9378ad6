namespace OrderCapture.OciSimulator.State;

/// <summary>
/// Changes to reservation documents that OCI's API does not offer and that happen to real
/// documents anyway (an operator in OCI's console, another integration, a lost request): what
/// <c>check --verify-oci</c> exists to find. Stock moves with the document, as it would at OCI.
/// </summary>
public sealed partial class SimulatorState
{
    /// <summary>Documents whose reservation time lies in [<paramref name="from"/>, <paramref name="to"/>], open or closed.</summary>
    public IReadOnlyList<SimReservation> ReservationsBetween(DateTimeOffset from, DateTimeOffset to, bool open)
    {
        lock (_sync)
        {
            return [.. _reservations.Values.Where(r => r.Cancelled != open && r.ReservationTime >= from && r.ReservationTime <= to).OrderBy(r => r.ReservationTime)];
        }
    }

    /// <summary>The document vanishes; what it held goes back to stock. False when there is no such document.</summary>
    public bool RemoveReservation(string id)
    {
        lock (_sync)
        {
            if (!_reservations.Remove(id, out var existing))
            {
                return false;
            }

            if (!existing.Cancelled)
            {
                GiveBackLocked(existing.Reserved);
            }

            return true;
        }
    }

    /// <summary>A cancelled document is open again and holds its quantities again. False when it is not a cancelled document.</summary>
    public bool ReopenReservation(string id)
    {
        lock (_sync)
        {
            if (!_reservations.TryGetValue(id, out var existing) || !existing.Cancelled)
            {
                return false;
            }

            foreach (var (place, sku, quantity) in existing.Reserved)
            {
                AddReservedLocked(place, sku, quantity);
            }

            _reservations[id] = existing with { Cancelled = false, CancelledAt = null };
            return true;
        }
    }

    /// <summary>
    /// An open document holds <paramref name="quantity"/> of the SKU at the place instead of what it
    /// held (a line it did not have is added). False when there is no such open document.
    /// </summary>
    public bool SetReservedQuantity(string id, SimPlace place, string sku, decimal quantity)
    {
        lock (_sync)
        {
            if (!_reservations.TryGetValue(id, out var existing) || existing.Cancelled || FiguresLocked(place, sku) is null)
            {
                return false;
            }

            var held = existing.Reserved.Where(r => r.Place == place && r.Sku == sku).Sum(r => r.Quantity);
            AddReservedLocked(place, sku, quantity - held);
            _reservations[id] = existing with
            {
                Reserved = [.. existing.Reserved.Where(r => !(r.Place == place && r.Sku == sku)), (place, sku, quantity)],
            };
            return true;
        }
    }

    private void GiveBackLocked(IEnumerable<(SimPlace Place, string Sku, decimal Quantity)> reserved)
    {
        foreach (var (place, sku, quantity) in reserved)
        {
            AddReservedLocked(place, sku, -quantity);
        }
    }
}
