using System.Collections.Concurrent;
using System.Reflection;
using OrderCapture.Oci.Api;
using Polly;
using Refit;

namespace OrderCapture.Oci.Handlers;

/// <summary>
/// Runs each OCI request through the one shared Polly pipeline (<see cref="OciResiliencePipeline"/>),
/// so every OCI API client and the token call count against one circuit breaker. A request may be
/// repeated when it is a GET, PUT or DELETE, or when its Refit operation is marked <see cref="IdempotentAttribute"/>.
/// </summary>
public sealed class OciResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<Type> InterfaceType = new(HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> MethodName = new(HttpRequestMessageOptions.MethodName);
    private static readonly ConcurrentDictionary<(Type Api, string Method), bool> MarkedIdempotent = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(OciResiliencePipeline.Idempotent, IsRepeatable(request));
            return await pipeline.ExecuteAsync(
                async ctx => await base.SendAsync(request, ctx.CancellationToken).ConfigureAwait(false),
                context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether sending <paramref name="request"/> twice can do no harm at OCI.</summary>
    public static bool IsRepeatable(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete)
        {
            return true;
        }

        return request.Options.TryGetValue(InterfaceType, out var api)
            && request.Options.TryGetValue(MethodName, out var method)
            && MarkedIdempotent.GetOrAdd((api, method), key =>
                key.Api.GetMethod(key.Method)?.IsDefined(typeof(IdempotentAttribute)) == true);
    }
}
