namespace Portal.Edge.Sync;

/// <summary>Files in the data directory that must survive a power cut whole: the cached config, the control overrides.</summary>
public static class DurableFile
{
    /// <summary>Write, flush to disk, then rename over the old file: a power cut leaves the old or the new file, never half.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
