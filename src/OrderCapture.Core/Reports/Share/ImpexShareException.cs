namespace OrderCapture.Core.Reports.Share;

/// <summary>
/// The share refused or failed a call, in words an operator can act on: what happened and what
/// fixes it. Its message goes into the <c>impex_unavailable</c> alert and <c>doctor</c>, so it
/// never carries a credential.
/// </summary>
public sealed class ImpexShareException : IOException
{
    public ImpexShareException(string message, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
    }

    public ImpexShareException()
    {
    }

    public ImpexShareException(string message)
        : base(message)
    {
    }

    public ImpexShareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the share answered, when it answered.</summary>
    public int? StatusCode { get; }
}
