using System.ComponentModel.DataAnnotations;

namespace OrderCapture.Core.Storage;

/// <summary>Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (embedded, the default) or Postgres (scale-out).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>ADO.NET connection string. Default "Data Source=data/ordercapture.db" (folder created at start).</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/ordercapture.db";

    /// <summary>Most writes folded into one durable commit. Default 256.</summary>
    [Range(1, 10_000)]
    public int MaxGroupCommit { get; set; } = 256;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
