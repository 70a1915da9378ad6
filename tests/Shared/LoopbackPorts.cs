using System.Net;
using System.Net.Sockets;

namespace OrderCapture.Testing;

/// <summary>Loopback ports for servers a test or a benchmark starts itself (PostgreSQL, nginx, a worker process).</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now (the system's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether <paramref name="port"/> can be listened on (a stopped server has let it go).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
