namespace OrderCapture.Core.Storage;

/// <summary>
/// How far a check that runs again and again got (<c>check --verify-oci</c>), so the next run
/// starts where the last one left orders unjudged instead of reading everything again.
/// </summary>
public interface ICheckMarkStore
{
    /// <summary>The mark <paramref name="name"/> was last set to, or null when never.</summary>
    Task<DateTimeOffset?> GetCheckMarkAsync(string name, CancellationToken cancellationToken);

    Task SetCheckMarkAsync(string name, DateTimeOffset mark, CancellationToken cancellationToken);
}
