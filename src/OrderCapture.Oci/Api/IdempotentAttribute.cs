namespace OrderCapture.Oci.Api;

/// <summary>
/// Marks a POST or PATCH operation that OCI can safely be sent twice, so the resilience pipeline
/// may retry it after a transport failure, a timeout or a 5xx. GET, PUT and DELETE are repeatable by
/// HTTP's own rules and need no mark; a POST without it (starting an export) is never repeated.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute;
