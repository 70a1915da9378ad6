namespace OrderCapture.Worker.Cli;

/// <summary>Exit codes of every verb (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary><c>check</c> found inconsistencies, or the work failed.</summary>
    public const int Findings = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>No service answered and another process holds the lock.</summary>
    public const int Locked = 3;

    /// <summary>The service answered with an error.</summary>
    public const int ServiceError = 4;

    /// <summary><c>check --verify-oci</c> could not read OCI's reservations export; nothing was judged.</summary>
    public const int OciUnavailable = 5;
}
