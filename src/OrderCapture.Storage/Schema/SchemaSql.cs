namespace OrderCapture.Storage;

/// <summary>The schema's own bookkeeping, the same in both dialects.</summary>
internal static class SchemaSql
{
    /// <summary>The schema's version: the number of the last migration step applied (0 on a new database).</summary>
    public const string Version = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
}
