namespace OrderCapture.Core.Oci;

/// <summary>
/// What an OCI call came to. A closed set the rest of the code switches on; no transport
/// exception leaves the client. See OCI-CONTRACT.md "What counts as OCI offline".
/// </summary>
public abstract record OciResult<T>
{
    private OciResult()
    {
    }

    /// <summary>OCI answered and the answer is the value.</summary>
    public sealed record Success(T Value) : OciResult<T>;

    /// <summary>OCI answered about this request (400, 404, 409, …): not an outage.</summary>
    public sealed record Rejected(int StatusCode, string ErrorCode, string Message) : OciResult<T>;

    /// <summary>OCI shed load with 429 and said when to come back.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : OciResult<T>;

    /// <summary>OCI could not be reached or failed (refused, timeout, 5xx, auth after refresh, nonsense answer).</summary>
    public sealed record Outage(string Reason) : OciResult<T>;

    /// <summary>Carries a non-success over to another value type.</summary>
    public OciResult<TOther> Cast<TOther>() => this switch
    {
        Rejected r => new OciResult<TOther>.Rejected(r.StatusCode, r.ErrorCode, r.Message),
        RateLimited l => new OciResult<TOther>.RateLimited(l.RetryAfter),
        Outage o => new OciResult<TOther>.Outage(o.Reason),
        _ => throw new InvalidOperationException("A success cannot be cast; map its value instead."),
    };
}
