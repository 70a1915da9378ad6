using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Sites;

namespace OrderCapture.Worker.Api;

/// <summary>Every <c>/api/*</c> call needs <c>X-Api-Key</c>; compared in constant time, never logged.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<OrderCaptureOptions> options)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers["X-Api-Key"].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, _expected))
            {
                await Results.Problem(statusCode: 401, title: "Missing or wrong X-Api-Key").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
