using System.Security.Cryptography;
using System.Text;

namespace Portal.Accounts;

/// <summary>
/// Secrets handed to a person once (an invitation link's token, a personal API token): 256 random bits,
/// base64url, of which only the SHA-256 hash (<see cref="Hash"/>) is stored, so the database cannot give them back.
/// </summary>
public static class SecretToken
{
    /// <summary>A new token of 256 random bits, base64url without padding (43 characters).</summary>
    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what is stored and looked up.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
