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

    /// <summary>
    /// The scopes this API client may have (Account Manager's client setup). A token is issued for the
    /// scopes asked for that are also allowed; a call whose token lacks the scope the vendor's spec
    /// names for it is answered 403. Default empty: every scope (<see cref="Middleware.SpecScopes.All"/>).
    /// </summary>
    public List<string> AllowedScopes { get; set; } = [];

    /// <summary>
    /// How a PUT on a reservation id that already has a document is answered when its body is the
    /// same: <see cref="RepeatedPutAnswer.FirstResult"/> (200 with the first answer, a friendly reading)
    /// or <see cref="RepeatedPutAnswer.Conflict"/> (409 EntityExists, all the spec promises). A
    /// different body is 409 either way. Default FirstResult.
    /// </summary>
    public RepeatedPutAnswer RepeatedPut { get; set; } = RepeatedPutAnswer.FirstResult;

    /// <summary>Longest a "hang" fault holds a request before giving up on it. Default 2 min.</summary>
    public TimeSpan MaxHang { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>How the simulator answers a repeated reservation PUT (<see cref="SimulatorOptions.RepeatedPut"/>).</summary>
public enum RepeatedPutAnswer
{
    FirstResult,
    Conflict,
}
