using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Connectivity;

/// <summary>Section <c>Connectivity</c>: how an outage is found to be over.</summary>
public sealed class ConnectivityOptions
{
    public const string SectionName = "Connectivity";

    /// <summary>Time between probes while OCI is offline (and between recovery checks). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive good probes that move Offline → Recovering. Default 3.</summary>
    [Range(1, 100)]
    public int ProbeSuccessThreshold { get; set; } = 3;
}

/// <summary>The attributes of <see cref="ConnectivityOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class ConnectivityOptionsAnnotationsValidator : IValidateOptions<ConnectivityOptions>;
