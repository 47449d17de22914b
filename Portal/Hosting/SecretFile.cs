namespace Portal.Hosting;

/// <summary>
/// Files and folders that hold secrets (demo passwords, data-protection keys): readable by their owner only
/// (0600 files, 0700 folders), also when they existed before with wider modes.
/// </summary>
public static class SecretFile
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Writes the lines to a file created 0600, so no other user can read it even for a moment.</summary>
    public static async Task WriteAllLinesAsync(string path, IEnumerable<string> lines, CancellationToken ct = default)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Applies to a new file only; an existing one keeps its mode, hence the explicit change after.
            options.UnixCreateMode = FileMode;
        }

        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), ct);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>Creates the folder 0700 (or narrows an existing one to 0700) and returns it.</summary>
    public static DirectoryInfo Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        // Parents get the usual mode; only the folder itself is narrowed.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var folder = Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
        return folder;
    }
}
