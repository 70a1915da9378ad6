using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCapture.Core.Oci.Contracts;

/// <summary>Source-generated serializers for every OCI body, camelCase as the API writes them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReservationRequest))]
[JsonSerializable(typeof(ReservationResponse))]
[JsonSerializable(typeof(CancelReservationRequest))]
[JsonSerializable(typeof(ReleaseRequest))]
[JsonSerializable(typeof(ReleaseResponse))]
[JsonSerializable(typeof(AvailabilityRequest))]
[JsonSerializable(typeof(AvailabilityResponse))]
[JsonSerializable(typeof(DeltaRequest))]
[JsonSerializable(typeof(DeltaResponse))]
[JsonSerializable(typeof(ExportRequest))]
[JsonSerializable(typeof(ExportInitiated))]
[JsonSerializable(typeof(ExportStatus))]
[JsonSerializable(typeof(ExportLine))]
[JsonSerializable(typeof(ReservationExportRequest))]
[JsonSerializable(typeof(LocationGraphFile))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OciProblem))]
public sealed partial class OciJsonContext : JsonSerializerContext;
