using Microsoft.AspNetCore.Antiforgery;

namespace OrderCapture.Worker.Security;

/// <summary>
/// Every form post of the status page must carry the anti-forgery token the page rendered for
/// this session; a post from another site (or a stale page) changes nothing and gets a 400 page.
/// </summary>
internal sealed class AntiforgeryFormFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false))
        {
            return Results.Content(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>OrderCapture</title><p>This form did not come from this session's status page (no or a stale anti-forgery token); nothing was changed.</p><p><a href=\"/\">Back to the status page</a></p></html>",
                "text/html; charset=utf-8", statusCode: 400);
        }

        return await next(context).ConfigureAwait(false);
    }
}
