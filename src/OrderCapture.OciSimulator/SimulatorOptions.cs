namespace OrderCapture.OciSimulator;

/// <summary>Settings of the simulator. Section <c>Simulator</c>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Client id the token endpoint accepts. Default "ordercapture".</summary>
    public string ClientId { get; set; } = "ordercapture";

    /// <summary>Secret the token endpoint accepts. Default "simulator-secret".</summary>
    public string ClientSecret { get; set; } = "simulator-secret";

    /// <summary>Lifetime of issued tokens (the contract's expires_in). Default 1799 s.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(1799);

    /// <summary>How long an export stays RUNNING before its file is written, so pollers see the asynchronous flow. Default 100 ms.</summary>
    public TimeSpan ExportDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Records per get-deltas page ([our choice] in OCI-CONTRACT.md). Default 1000.</summary>
    public int DeltaPageSize { get; set; } = 1000;

    /// <summary>Longest a "hang" fault holds a request before giving up on it. Default 2 min.</summary>
    public TimeSpan MaxHang { get; set; } = TimeSpan.FromMinutes(2);
}
