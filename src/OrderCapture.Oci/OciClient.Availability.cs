namespace OrderCapture.Oci;

public sealed partial class OciClient
{
    /// <summary>OCI accepts at most this many SKU×place pairs in one get-availability call.</summary>
    public const int MaxAvailabilityPairs = 100;

    /// <summary>A server that keeps saying "query again" is cut off after this many pages; the next poll goes on from the last token.</summary>
    public const int MaxDeltaPagesPerCall = 10_000;

    public async Task<OciResult<IReadOnlyList<AvailabilityRecord>>> GetAvailabilityAsync(
        IReadOnlyCollection<string> skus,
        IReadOnlyCollection<PlaceRef> places,
        CancellationToken cancellationToken)
    {
        var records = new List<AvailabilityRecord>();
        foreach (var (skuChunk, placeChunk) in ChunkPairs(skus, places))
        {
            var request = new AvailabilityRequest(
                skuChunk,
                [.. placeChunk.Where(p => p.Type == PlaceType.Group).Select(p => p.Id)],
                [.. placeChunk.Where(p => p.Type == PlaceType.Location).Select(p => p.Id)]);
            var result = await CallAsync(ct => availability.GetAvailabilityAsync(request, ct), OciJsonContext.Default.AvailabilityResponse, cancellationToken).ConfigureAwait(false);
            if (result is not OciResult<AvailabilityResponse>.Success { Value: var response })
            {
                return result.Cast<IReadOnlyList<AvailabilityRecord>>();
            }

            records.AddRange(ToRecords(PlaceType.Group, response.Groups));
            records.AddRange(ToRecords(PlaceType.Location, response.Locations));
        }

        return new OciResult<IReadOnlyList<AvailabilityRecord>>.Success(records);
    }

    public async Task<OciResult<string>> GetDeltasAsync(
        string deltaToken,
        Func<IReadOnlyList<DeltaRecord>, CancellationToken, ValueTask> onPage,
        CancellationToken cancellationToken)
    {
        var token = deltaToken;
        for (var page = 0; page < MaxDeltaPagesPerCall; page++)
        {
            var request = new DeltaRequest(token);
            var result = await CallAsync(ct => availability.GetDeltasAsync(request, ct), OciJsonContext.Default.DeltaResponse, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case OciResult<DeltaResponse>.Rejected { StatusCode: 400 or 410, ErrorCode: "ExpiredDeltaLink" } expired:
                    return new OciResult<string>.Rejected(410, "ExpiredDeltaLink", expired.Message);
                case OciResult<DeltaResponse>.Success { Value: { NextDeltaToken: { Length: > 0 } next } response }:
                    await onPage([.. response.Records.Select(ToDelta)], cancellationToken).ConfigureAwait(false);
                    token = next;
                    if (!response.ShouldQueryAgain)
                    {
                        return new OciResult<string>.Success(token);
                    }

                    break;
                case OciResult<DeltaResponse>.Success:
                    return new OciResult<string>.Outage("malformed answer: delta page without nextDeltaToken");
                default:
                    return result.Cast<string>();
            }
        }

        return new OciResult<string>.Success(token);
    }

    /// <summary>Splits SKUs × places into requests of at most <see cref="MaxAvailabilityPairs"/> pairs.</summary>
    internal static IEnumerable<(string[] Skus, PlaceRef[] Places)> ChunkPairs(IReadOnlyCollection<string> skus, IReadOnlyCollection<PlaceRef> places)
    {
        foreach (var placeChunk in places.Distinct().Chunk(MaxAvailabilityPairs))
        {
            var skusPerCall = MaxAvailabilityPairs / placeChunk.Length;
            foreach (var skuChunk in skus.Distinct(StringComparer.Ordinal).Chunk(skusPerCall))
            {
                yield return (skuChunk, placeChunk);
            }
        }
    }

    private static IEnumerable<AvailabilityRecord> ToRecords(PlaceType type, IReadOnlyList<AvailabilityPlace> places) =>
        places.SelectMany(place => place.Records.Select(r =>
            new AvailabilityRecord(new PlaceRef(type, place.Id), r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved)));

    private static DeltaRecord ToDelta(DeltaRecordContract r) =>
        new(r.Id, r.Sku, string.Equals(r.DeltaType, "Delete", StringComparison.OrdinalIgnoreCase), r.Ato, r.Atf, r.OnHand, r.Reserved);
}
