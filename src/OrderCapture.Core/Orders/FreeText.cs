using System.Text;

namespace OrderCapture.Core.Orders;

/// <summary>
/// Text a person types (a cancel or resolve note) and the alert messages built from it, made safe
/// to store, log and publish: control characters (a newline too) become a space, and what XML
/// cannot carry (a lone surrogate, U+FFFE, U+FFFF) becomes U+FFFD. An Atom feed or a log line
/// written from such text cannot be broken or forged by it.
/// </summary>
public static class FreeText
{
    /// <summary>The text with nothing a reader could choke on; null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text)
    {
        if (text is null || IsClean(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c))
            {
                clean.Append(' ');
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                clean.Append('\uFFFD');
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }

        return true;
    }
}
