using PdfSharp.Fonts;

namespace Portal.Documents;

/// <summary>
/// Resolves the two font families documents use to Debian's files: DejaVu Sans for the document itself (package
/// fonts-dejavu-core: accents and symbols on any machine) and Liberation Sans for the QR-bill payment part, one of
/// the four fonts the IG allows there (QR-03; package fonts-liberation).
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    public const string DejaVu = "DejaVu Sans";
    public const string LiberationSans = "Liberation Sans";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == LiberationSans
            ? new(bold ? "liberation/LiberationSans-Bold" : "liberation/LiberationSans-Regular")
            : new(bold ? "dejavu/DejaVuSans-Bold" : "dejavu/DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine("/usr/share/fonts/truetype", faceName + ".ttf");
        var package = faceName.StartsWith("liberation/", StringComparison.Ordinal) ? "fonts-liberation" : "fonts-dejavu-core";
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"Font {path} is missing: install the Debian package {package}.", path);
    }
}
