using System.Text.Json.Serialization;

namespace OrderCapture.Core.Oci.Contracts;

public sealed record TokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("token_type")] public string? TokenType { get; init; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }

    /// <summary>The scopes granted, space-separated, when Account Manager says (it may leave it out).</summary>
    [JsonPropertyName("scope")] public string? Scope { get; init; }
}

/// <summary>OCI's error body: its own <c>errorCode/message</c> shape or RFC 7807 <c>title/detail</c>.</summary>
public sealed record OciProblem
{
    public string? Type { get; init; }
    public string? ErrorCode { get; init; }
    public string? Message { get; init; }
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public string? Group { get; init; }
    public string? Location { get; init; }
}
