using Microsoft.Extensions.Options;
using OrderCapture.Core.Sites;

namespace OrderCapture.Worker.Security;

/// <summary>Checks the keys at start: each well formed, at least one operator key. Lines name the setting, never the key.</summary>
internal sealed class AccessKeysValidator : IValidateOptions<OrderCaptureOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderCaptureOptions options)
    {
        var failures = new List<string>();
        Check(options.StorefrontKeys, "StorefrontKeys", failures);
        Check(options.OperatorKeys, "OperatorKeys", failures);
        if (options.OperatorKeys.Count == 0 && string.IsNullOrEmpty(options.ApiKey))
        {
            failures.Add("OrderCapture:OperatorKeys is empty: set at least one operator key (or the older OrderCapture:ApiKey), or nobody can operate the service.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> keys, string setting, List<string> failures)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (!AccessKeys.IsWellFormed(keys[i]))
            {
                failures.Add($"OrderCapture:{setting}:{i} is neither a key of at least {AccessKeys.MinimumKeyLength} characters (no spaces) nor sha256:<64 hex digits> (ordercapture key hash prints that form).");
            }
        }
    }
}
