using System.Runtime.CompilerServices;

namespace OrderCapture.Oci;

/// <summary>The non-empty lines of a downloaded export file, numbered from 1 for error messages.</summary>
internal static class NdjsonLines
{
    public static async IAsyncEnumerable<(long Number, string Text)> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            number++;
            if (text.Length > 0)
            {
                yield return (number, text);
            }
        }
    }
}
