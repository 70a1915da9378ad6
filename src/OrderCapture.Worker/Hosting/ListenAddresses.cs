using System.Text.RegularExpressions;

namespace OrderCapture.Worker.Hosting;

/// <summary>
/// A service bound to every address (<c>http://0.0.0.0:5080</c>, <c>*</c>, <c>+</c>, <c>[::]</c>) is
/// reached from the same machine through the loopback: the CLI, the demo and the tests call it there.
/// </summary>
public static partial class ListenAddresses
{
    public static string? Loopback(string? listenUrl) => listenUrl is null ? null : Wildcard().Replace(listenUrl, "${scheme}127.0.0.1");

    [GeneratedRegex(@"^(?<scheme>https?://)(?:\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)")]
    private static partial Regex Wildcard();
}
