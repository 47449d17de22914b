using System.Security.Cryptography;
using System.Text;

namespace Portal.Commissioning;

/// <summary>
/// mosquitto's password file, written by the portal itself so that no password ever appears on a command line
/// (mosquitto_passwd -b would show it to every local user in <c>ps</c>). Each line is
/// <c>user:$7$101$salt$hash</c>: PBKDF2-HMAC-SHA512 with 101 iterations, a 12-byte salt and a 64-byte hash, both
/// base64, exactly as mosquitto 2.0's mosquitto_passwd writes it (checked by a test against the real broker).
/// </summary>
public static class MosquittoPasswordFile
{
    public const int Iterations = 101;
    public const int SaltBytes = 12;
    public const int HashBytes = 64;

    private static readonly SemaphoreSlim Writing = new(1, 1);

    /// <summary>One line of the file for this account, with a fresh random salt.</summary>
    public static string Line(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsControl))
        {
            throw new ArgumentException($"'{user}' cannot be a broker user name: no ':' or control characters.", nameof(user));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{user}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// Adds the account or replaces its password, keeping every other line. The file is rewritten in place, so it
    /// keeps its owner and mode (the broker's user must still read it); a new file is created 0600.
    /// </summary>
    public static async Task SetAsync(string path, string user, string password, CancellationToken ct = default)
    {
        var line = Line(user, password);
        await Writing.WaitAsync(ct);
        try
        {
            var lines = File.Exists(path) ? (await File.ReadAllLinesAsync(path, ct)).ToList() : [];
            var index = lines.FindIndex(l => l.StartsWith(user + ":", StringComparison.Ordinal));
            if (index >= 0)
            {
                lines[index] = line;
            }
            else
            {
                lines.Add(line);
            }

            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var stream = new FileStream(path, options);
            stream.SetLength(0);
            var text = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
            await stream.WriteAsync(text, ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            Writing.Release();
        }
    }
}
