using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderCapture.OciSimulator.State;

public sealed record SimReservationRequest
{
    public string? ExternalRefId { get; init; }
    public bool? AllowPartialReservations { get; init; }
    public int? ExpirationSeconds { get; init; }
    public DateTimeOffset? ReservationTime { get; init; }
    public IReadOnlyList<SimReservationPlace>? Groups { get; init; }
    public IReadOnlyList<SimReservationPlace>? Locations { get; init; }
}

public sealed record SimReservationPlace(string? Id, IReadOnlyList<SimReservationLine>? Reservations);

public sealed record SimReservationLine(string? Sku, decimal Quantity);

/// <summary>What a reservation call came to: an HTTP status and the JSON body to send.</summary>
public sealed record SimAnswer(int Status, object Body);

public sealed partial class SimulatorState
{
    private readonly Dictionary<string, SimReservation> _reservations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _releasedIds = new(StringComparer.Ordinal);

    public IReadOnlyList<SimReservation> Reservations()
    {
        lock (_sync)
        {
            return [.. _reservations.Values];
        }
    }

    /// <summary>
    /// Creates a document. On an id that has one: the same body answers the first result when
    /// <paramref name="replay"/>, else 409 EntityExists (all the spec promises); another body is 409
    /// either way ([our choice] in OCI-CONTRACT.md, "Replay is not promised").
    /// </summary>
    public SimAnswer CreateReservation(string id, string requestJson, SimReservationRequest request, bool replay = true)
    {
        if (Invalid(request) is { } message)
        {
            return Problem(400, "InvalidRequest", message);
        }

        lock (_sync)
        {
            if (_reservations.TryGetValue(id, out var existing))
            {
                return replay && JsonNode.DeepEquals(JsonNode.Parse(existing.RequestJson), JsonNode.Parse(requestJson))
                    ? new SimAnswer(200, JsonNode.Parse(existing.ResponseJson)!)
                    : Problem(409, "EntityExists", "A reservation with that ID already exists");
            }

            var places = (request.Groups ?? []).Select(g => (Place: new SimPlace(SimPlaceType.Group, g.Id!), g.Reservations))
                .Concat((request.Locations ?? []).Select(l => (Place: new SimPlace(SimPlaceType.Location, l.Id!), l.Reservations)))
                .ToList();
            foreach (var (place, _) in places)
            {
                if (!(place.Type == SimPlaceType.Group ? _groups.ContainsKey(place.Id) : _locations.ContainsKey(place.Id)))
                {
                    return place.Type == SimPlaceType.Group
                        ? Problem(400, "GroupDoesNotExist", $"group {place.Id} does not exist", group: place.Id)
                        : Problem(400, "LocationDoesNotExist", $"location {place.Id} does not exist", location: place.Id);
                }
            }

            var allowPartial = request.AllowPartialReservations ?? true;
            var reserved = new List<(SimPlace, string, decimal)>();
            var success = true;
            var groups = new List<object>();
            var locations = new List<object>();
            foreach (var (place, lines) in places)
            {
                var details = new List<object>();
                var errors = new List<object>();
                foreach (var line in lines ?? [])
                {
                    var available = FiguresLocked(place, line.Sku!)?.Ato;
                    if (available is null)
                    {
                        errors.Add(new { sku = line.Sku, errorCode = "Unknown" });
                        success = false;
                        continue;
                    }

                    // All-or-nothing fails a short line whole; partial takes what there is.
                    var take = available >= line.Quantity ? line.Quantity : allowPartial ? available.Value : 0;
                    success &= take == line.Quantity;
                    if (take > 0)
                    {
                        AddReservedLocked(place, line.Sku!, take);
                        reserved.Add((place, line.Sku!, take));
                        details.Add(new { sku = line.Sku, quantity = take });
                    }
                    else
                    {
                        errors.Add(new { sku = line.Sku, errorCode = "InsufficientQuantity" });
                    }
                }

                (place.Type == SimPlaceType.Group ? groups : locations).Add(new { id = place.Id, details, errors });
            }

            var at = request.ReservationTime ?? timeProvider.GetUtcNow();
            var body = new Dictionary<string, object?>
            {
                ["reservationTime"] = at,
                ["expirationTime"] = request.ExpirationSeconds is int s ? at.AddSeconds(s) : null,
                ["success"] = success,
                ["groups"] = groups,
                ["locations"] = locations,
            };
            var responseJson = JsonSerializer.Serialize(body, SimulatorJson.Options);
            _reservations[id] = new SimReservation(id, requestJson, responseJson, reserved, Cancelled: false, request.ExternalRefId, at, timeProvider.GetUtcNow());
            return new SimAnswer(200, JsonNode.Parse(responseJson)!);
        }
    }

    /// <summary>Cancels a document and gives its quantities back.</summary>
    public SimAnswer CancelReservation(string id)
    {
        lock (_sync)
        {
            if (!_reservations.TryGetValue(id, out var existing))
            {
                return Problem(404, "EntityNotFound", $"reservation document {id} not found");
            }

            if (existing.Cancelled)
            {
                return Problem(409, "ReservationCancelled", $"reservation document {id} is already cancelled");
            }

            GiveBackLocked(existing.Reserved);
            _reservations[id] = existing with { Cancelled = true, CancelledAt = timeProvider.GetUtcNow() };
            return new SimAnswer(204, new { });
        }
    }

    /// <summary>Releases quantities without a document; each record id is applied once.</summary>
    public IReadOnlyList<object> Release(IReadOnlyList<(string Id, string? ExternalRefId, SimPlace Place, string Sku, decimal Quantity)> records)
    {
        var errors = new List<object>();
        lock (_sync)
        {
            foreach (var record in records)
            {
                if (_releasedIds.Contains(record.Id))
                {
                    continue;
                }

                var held = record.Place.Type == SimPlaceType.Group
                    ? _groupReserved.GetValueOrDefault(record.Place.Id)?.GetValueOrDefault(record.Sku) ?? 0
                    : _locations.GetValueOrDefault(record.Place.Id)?.GetValueOrDefault(record.Sku)?.Reserved ?? 0;
                if (held < record.Quantity)
                {
                    // The spec's UnreserveDetail: the record as sent, with the quantity released (none).
                    var details = new Dictionary<string, object?>
                    {
                        ["id"] = record.Id,
                        ["externalRefId"] = record.ExternalRefId ?? record.Id,
                        [record.Place.Type == SimPlaceType.Group ? "group" : "location"] = record.Place.Id,
                        ["sku"] = record.Sku,
                        ["quantity"] = 0m,
                    };
                    errors.Add(new { details, errorCode = "InsufficientQuantity", message = $"only {held} reserved" });
                    continue;
                }

                AddReservedLocked(record.Place, record.Sku, -record.Quantity);
                _releasedIds.Add(record.Id);
            }
        }

        return errors;
    }

    private static string? Invalid(SimReservationRequest request)
    {
        var places = (request.Groups ?? []).Concat(request.Locations ?? []).ToList();
        if (places.Count == 0)
        {
            return "at least one group or location is required";
        }

        if (request.ExpirationSeconds is < 1 or > 14400)
        {
            return "expirationSeconds must be 1..14400";
        }

        foreach (var place in places)
        {
            if (!IsValidPlaceId(place.Id))
            {
                return $"place id '{place.Id}' is invalid";
            }

            foreach (var line in place.Reservations ?? [])
            {
                if (!IsValidSku(line.Sku))
                {
                    return $"sku '{line.Sku}' is invalid";
                }

                if (line.Quantity < 0.001m || decimal.Round(line.Quantity, 3) != line.Quantity)
                {
                    return $"quantity {line.Quantity} of '{line.Sku}' must be a multiple of 0.001 and at least 0.001";
                }
            }
        }

        return null;
    }

    internal static SimAnswer Problem(int status, string errorCode, string message, string? group = null, string? location = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = "about:blank", ["errorCode"] = errorCode, ["message"] = message };
        if (group is not null)
        {
            body["group"] = group;
        }

        if (location is not null)
        {
            body["location"] = location;
        }

        return new SimAnswer(status, body);
    }
}
