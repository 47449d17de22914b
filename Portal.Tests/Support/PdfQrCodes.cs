using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Portal.Tests.Support;

/// <summary>A square on a page, in points from the top-left corner.</summary>
public sealed record PdfSquare(double X, double Y, double Size);

/// <summary>Finds the QR codes in a PDF as a scanner would: poppler's pdftoppm rasterises each page, zbar's zbarimg decodes.</summary>
public static class PdfQrCodes
{
    /// <summary>The 7 mm Swiss cross in the centre of an A4 payment part's 46 mm code, 5 mm right of the receipt and 17 mm below the cut line.</summary>
    public static PdfSquare SwissCrossOfPaymentPart { get; } = new(
        (Portal.Documents.PaymentPartLayout.ReceiptWidthMm + Portal.Documents.PaymentPartLayout.MarginMm + 19.5) * Portal.Documents.PageSetup.PointsPerMm,
        (297 - Portal.Documents.PaymentPartLayout.HeightMm + 17 + 19.5) * Portal.Documents.PageSetup.PointsPerMm,
        7 * Portal.Documents.PageSetup.PointsPerMm);

    /// <summary>
    /// The text of every QR code on every page, in page order. <paramref name="erase"/> squares are painted white in
    /// the raster first: zbar loses its grid when a QR-bill's Swiss cross covers the centre alignment pattern of a
    /// code of version 7 or more, where a bank's scanner reads the cross as the damage error correction M repairs.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DecodeAsync(byte[] pdf, IReadOnlyList<PdfSquare>? erase = null, int dpi = 300)
    {
        var folder = RepositoryPaths.NewTempDirectory("qr");
        try
        {
            var path = Path.Combine(folder, "document.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            await RunAsync("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), path, Path.Combine(folder, "page")]);
            var codes = new List<string>();
            foreach (var image in Directory.GetFiles(folder, "page*.ppm").Order(StringComparer.Ordinal))
            {
                if (erase is { Count: > 0 })
                {
                    await EraseAsync(image, erase, dpi / 72.0);
                }

                // --raw: the text alone, its bytes as the code holds them (UTF-8), with a line feed after it.
                var output = await RunAsync("zbarimg", ["--raw", "-q", image], allowNothingFound: true);
                if (output.Length > 0)
                {
                    codes.Add(output.EndsWith('\n') ? output[..^1] : output);
                }
            }

            return codes;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Paints squares white in a binary PPM (P6, 8 bits per channel) as pdftoppm writes it.</summary>
    private static async Task EraseAsync(string ppm, IReadOnlyList<PdfSquare> squares, double pixelsPerPoint)
    {
        var bytes = await File.ReadAllBytesAsync(ppm);
        var (width, height, offset) = Header(bytes);
        foreach (var square in squares)
        {
            var (x0, y0) = ((int)Math.Floor(square.X * pixelsPerPoint), (int)Math.Floor(square.Y * pixelsPerPoint));
            var (x1, y1) = ((int)Math.Ceiling((square.X + square.Size) * pixelsPerPoint), (int)Math.Ceiling((square.Y + square.Size) * pixelsPerPoint));
            for (var y = Math.Max(0, y0); y < Math.Min(height, y1); y++)
            {
                bytes.AsSpan(offset + (((y * width) + Math.Max(0, x0)) * 3), (Math.Min(width, x1) - Math.Max(0, x0)) * 3).Fill(255);
            }
        }

        await File.WriteAllBytesAsync(ppm, bytes);
    }

    private static (int Width, int Height, int Offset) Header(byte[] bytes)
    {
        // "P6\n<width> <height>\n255\n", then the pixels.
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            fields.Add(Encoding.ASCII.GetString(bytes, start, position - start));
        }

        Assert.Equal(["P6", "255"], [fields[0], fields[3]]);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture), position + 1);
    }

    private static async Task<string> RunAsync(string tool, string[] arguments, bool allowNothingFound = false)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // zbarimg exits with 4 when an image holds no code.
        Assert.True(process.ExitCode == 0 || (allowNothingFound && process.ExitCode == 4), $"{tool} exited with {process.ExitCode}");
        return output;
    }
}
