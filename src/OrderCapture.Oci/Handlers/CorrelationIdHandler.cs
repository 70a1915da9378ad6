namespace OrderCapture.Oci.Handlers;

/// <summary>
/// Gives every OCI call a <c>Correlation-ID</c> (a new GUID) unless the caller set one, so a call can
/// be found at OCI from the worker's logs and traces. Outermost: the token refresh's repeat and
/// the pipeline's retries of one call carry the same id.
/// </summary>
public sealed class CorrelationIdHandler : DelegatingHandler
{
    public const string HeaderName = "Correlation-ID";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HeaderName))
        {
            request.Headers.Add(HeaderName, Guid.NewGuid().ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
