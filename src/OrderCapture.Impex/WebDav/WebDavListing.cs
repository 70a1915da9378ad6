using System.Globalization;
using System.Xml;

namespace OrderCapture.Impex.WebDav;

/// <summary>One member of a PROPFIND Depth 1 answer.</summary>
public sealed record WebDavEntry(string Name, bool IsFolder, long Length, DateTimeOffset LastModified);

/// <summary>
/// Reads a <c>DAV:multistatus</c> (RFC 4918 §14.16) as a stream, so that a folder of 100,000
/// work files is never a DOM in memory. The first response is the folder itself and is skipped.
/// </summary>
public static class WebDavListing
{
    public const string PropfindBody =
        """<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>""";

    public static async Task<List<WebDavEntry>> ReadAsync(Stream multistatus, string folderPath, CancellationToken cancellationToken)
    {
        var entries = new List<WebDavEntry>();
        using var reader = XmlReader.Create(multistatus, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        string? href = null;
        var isFolder = false;
        long length = 0;
        var modified = DateTimeOffset.MinValue;
        // Reading an element's text leaves the reader on the node after it: that node is not read past.
        var positioned = false;
        while (positioned || await reader.ReadAsync().ConfigureAwait(false))
        {
            positioned = false;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NamespaceURI != "DAV:")
            {
                continue;
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "response":
                        (href, isFolder, length, modified) = (null, false, 0, DateTimeOffset.MinValue);
                        break;
                    case "href":
                        href = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                        positioned = true;
                        break;
                    case "collection":
                        isFolder = true;
                        break;
                    case "getcontentlength":
                        _ = long.TryParse(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), NumberStyles.None, CultureInfo.InvariantCulture, out length);
                        positioned = true;
                        break;
                    case "getlastmodified":
                        _ = DateTimeOffset.TryParse(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out modified);
                        positioned = true;
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "response" && href is not null && NameIn(href, folderPath) is { } name)
            {
                entries.Add(new WebDavEntry(name, isFolder, length, modified));
            }
        }

        return entries;
    }

    /// <summary>The member's own name, or null for the folder itself.</summary>
    private static string? NameIn(string href, string folderPath)
    {
        var path = Uri.TryCreate(href, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : href;
        path = Uri.UnescapeDataString(path).TrimEnd('/');
        if (path == Uri.UnescapeDataString(folderPath).TrimEnd('/'))
        {
            return null;
        }

        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}
