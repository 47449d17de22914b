using System.Diagnostics;

namespace Portal.Tests.Support;

/// <summary>Reads a PDF back as text with poppler's pdftotext, as a person copying from it would see it.</summary>
public static class PdfText
{
    /// <summary>The text, pages separated by form feeds (layout kept).</summary>
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        var path = Path.Combine(RepositoryPaths.NewTempDirectory("pdf"), "document.pdf");
        try
        {
            await File.WriteAllBytesAsync(path, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
