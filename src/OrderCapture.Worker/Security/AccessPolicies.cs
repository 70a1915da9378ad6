namespace OrderCapture.Worker.Security;

/// <summary>The two authorization policies every endpoint is classified by; an unclassified one is <see cref="Operator"/>.</summary>
public static class AccessPolicies
{
    /// <summary>Capture, cancel, read an order, availability: a storefront key or an operator.</summary>
    public const string Storefront = "Storefront";

    /// <summary>Everything else: an operator key, Basic with one, or a signed-in operator.</summary>
    public const string Operator = "Operator";

    /// <summary>The scheme that picks one of the three below for each request.</summary>
    public const string Scheme = "OrderCapture";

    public const string ApiKeyScheme = "ApiKey";

    public const string BasicScheme = "Basic";

    public const string CookieScheme = "Cookies";
}
