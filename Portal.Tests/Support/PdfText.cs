using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace Portal.Tests.Support;

/// <summary>Reads a PDF back as text with poppler's pdftotext, as a person copying from it would see it.</summary>
public static class PdfText
{
    /// <summary>The text, pages separated by form feeds (layout kept).</summary>
    public static async Task<string> ExtractAsync(byte[] pdf) => await RunAsync(pdf, "-layout");

    /// <summary>Every word with its box, in points from the page's top-left corner, as <c>pdftotext -bbox</c> finds it.</summary>
    public static async Task<IReadOnlyList<PdfPageWords>> WordsAsync(byte[] pdf)
    {
        var html = XDocument.Parse(await RunAsync(pdf, "-bbox"));
        XNamespace ns = "http://www.w3.org/1999/xhtml";
        double Number(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);
        return html.Descendants(ns + "page").Select((page, i) => new PdfPageWords(
            i + 1,
            Number(page, "width"),
            Number(page, "height"),
            page.Elements(ns + "word").Select(w => new PdfWord(w.Value, Number(w, "xMin"), Number(w, "yMin"), Number(w, "xMax"), Number(w, "yMax"))).ToList())).ToList();
    }

    private static async Task<string> RunAsync(byte[] pdf, string option)
    {
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        var path = Path.Combine(RepositoryPaths.NewTempDirectory("pdf"), "document.pdf");
        try
        {
            await File.WriteAllBytesAsync(path, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", [option, path, "-"]) { RedirectStandardOutput = true })!;
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

/// <summary>A word's box on a page, in points, y downwards.</summary>
public sealed record PdfWord(string Text, double XMin, double YMin, double XMax, double YMax)
{
    /// <summary>True when the two boxes share an area (more than rounding: touching edges do not count).</summary>
    public bool Overlaps(PdfWord other, double tolerance = 0.05) =>
        Math.Min(XMax, other.XMax) - Math.Max(XMin, other.XMin) > tolerance &&
        Math.Min(YMax, other.YMax) - Math.Max(YMin, other.YMin) > tolerance;

    public override string ToString() => FormattableString.Invariant($"\"{Text}\" [{XMin:0.#}, {YMin:0.#} – {XMax:0.#}, {YMax:0.#}]");
}

public sealed record PdfPageWords(int Number, double Width, double Height, IReadOnlyList<PdfWord> Words);
