using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portal.Contracts.Mqtt;

/// <summary>
/// The one rule for a Modbus TCP converter's host, shared by the portal's wizard and site rules and the edge's
/// config check: an IPv4 address, an IPv6 address (with or without brackets) or an ASCII host name. The edge
/// connects to all three (libmodbus <c>modbus_new_tcp_pi</c> resolves names and speaks IPv6).
/// </summary>
public static class ConverterHost
{
    /// <summary>
    /// The host in canonical form, as it is sent to the edge and compared for clashes: IPv4 without leading zeros
    /// (192.168.1.050 is 192.168.1.50), IPv6 compressed and without brackets, a host name in lower case without
    /// a trailing dot. Null when it is none of these: digits and dots must be a full dotted quad, because
    /// "192.168.1.300" is a typo, not a host name, and "10.1" is not what the installer meant.
    /// </summary>
    public static string? Canonical(string? host)
    {
        host = host?.Trim();
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
            return IPAddress.TryParse(bare, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6.ToString()
                : null;
        }

        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            var parts = host.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255)
                ? string.Join('.', parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)))
                : null;
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        var valid = name.Length is > 0 and <= 253 && name.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        return valid ? name.ToLowerInvariant() : null;
    }

    /// <summary>host:port, with an IPv6 host in brackets so the port stays readable.</summary>
    public static string WithPort(string canonicalHost, int port) =>
        canonicalHost.Contains(':', StringComparison.Ordinal) ? $"[{canonicalHost}]:{port}" : $"{canonicalHost}:{port}";
}
