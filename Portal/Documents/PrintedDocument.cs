namespace Portal.Documents;

/// <summary>
/// What the portal prints (commissioning reports, invoices), independent of the PDF library:
/// pages are laid out by an <see cref="IPdfRenderer"/>.
/// </summary>
public sealed record PrintedDocument(string Title, IReadOnlyList<DocumentBlock> Blocks, string? Footer = null);

public abstract record DocumentBlock;

public sealed record Heading(string Text) : DocumentBlock;

public sealed record Paragraph(string Text) : DocumentBlock;

/// <summary>A table; numeric columns are right-aligned. Relative widths default to equal.</summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<bool>? RightAligned = null, IReadOnlyList<double>? Widths = null) : DocumentBlock;

/// <summary>The one seam to the PDF library (PDFsharp 6.2.4, MIT, today): swap the implementation to change renderer.</summary>
public interface IPdfRenderer
{
    byte[] Render(PrintedDocument document);
}
