using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Reports;

/// <summary>Section <c>Merge</c>.</summary>
public sealed class MergeOptions
{
    public const string SectionName = "Merge";

    /// <summary>Quartz cron for folding work files into daily files. Default hourly at minute 5 (so 00:05 closes the day before).</summary>
    [Required]
    public string Schedule { get; set; } = "0 5 * * * ?";
}

/// <summary>The attributes of <see cref="MergeOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class MergeOptionsAnnotationsValidator : IValidateOptions<MergeOptions>;
