using Polly;

namespace OrderCapture.Oci;

/// <summary>
/// Runs each OCI request through the shared Polly pipeline. Stands in for
/// Microsoft.Extensions.Http.Resilience, which the registry here does not serve.
/// </summary>
public sealed class OciResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    /// <summary>Request option a caller sets when repeating the request cannot do harm.</summary>
    public static readonly HttpRequestOptionsKey<bool> IdempotentOption = new("OrderCapture.Oci.Idempotent");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(
                OciResiliencePipeline.Idempotent,
                request.Options.TryGetValue(IdempotentOption, out var idempotent) && idempotent);
            return await pipeline.ExecuteAsync(
                async ctx => await base.SendAsync(request, ctx.CancellationToken).ConfigureAwait(false),
                context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
