using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Portal.Documents;

/// <summary>
/// The name a downloaded document is saved under: the site's name as people write it (accents
/// kept, sent as RFC 6266 <c>filename*</c> in UTF-8) with a plain-ASCII <c>filename</c> for old
/// clients, shortened so that a 200-character site name still gives a name a folder shows whole.
/// </summary>
public sealed record DownloadFileName(string Name, string AsciiName)
{
    /// <summary>At most this many characters of the site's name: enough to tell sites apart in a downloads folder.</summary>
    public const int MaxSiteNameLength = 40;

    public static DownloadFileName For(string document, string siteName, DateOnly date, string extension)
    {
        var site = Shorten(Slug(siteName));
        var stamp = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var name = site.Length == 0 ? $"{document}-{stamp}.{extension}" : $"{document}-{site}-{stamp}.{extension}";
        var ascii = Slug(WithoutAccents(name[..^(extension.Length + 1)]), asciiOnly: true) + "." + extension;
        return new DownloadFileName(name, ascii);
    }

    /// <summary>A name already made by <see cref="For"/> (kept by a service that returns a file), with its ASCII twin again.</summary>
    public static DownloadFileName Named(string name)
    {
        var extension = Path.GetExtension(name).TrimStart('.');
        var stem = extension.Length == 0 ? name : name[..^(extension.Length + 1)];
        var ascii = Slug(WithoutAccents(stem), asciiOnly: true);
        return new DownloadFileName(name, extension.Length == 0 ? ascii : $"{ascii}.{extension}");
    }

    /// <summary>The Content-Disposition header value: attachment, with both names.</summary>
    public string ContentDisposition =>
        new ContentDispositionHeaderValue("attachment") { FileName = AsciiName, FileNameStar = Name }.ToString();

    /// <summary>A download of <paramref name="contents"/> under this name.</summary>
    public IResult File(byte[] contents, string contentType) => new Download(contents, contentType, ContentDisposition);

    /// <summary>
    /// A download written by <paramref name="write"/> straight into the response as it goes (an export of any
    /// length in constant memory): nothing is buffered beyond the pipe's own buffers.
    /// </summary>
    public IResult Stream(string contentType, Func<System.IO.Pipelines.PipeWriter, CancellationToken, Task> write) =>
        new StreamedDownload(contentType, ContentDisposition, write);

    /// <summary>Letters and digits of any script kept; every run of anything else becomes one '-'.</summary>
    private static string Slug(string text, bool asciiOnly = false)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var keep = asciiOnly ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark;
            if (keep)
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    private static string Shorten(string slug)
    {
        if (slug.Length <= MaxSiteNameLength)
        {
            return slug;
        }

        // Cut at a word's end when there is one, never inside an accented letter.
        var cut = new StringInfo(slug).SubstringByTextElements(0, Math.Min(MaxSiteNameLength, new StringInfo(slug).LengthInTextElements));
        var lastBreak = cut.LastIndexOf('-');
        return (lastBreak > MaxSiteNameLength / 2 ? cut[..lastBreak] : cut).TrimEnd('-');
    }

    private static string WithoutAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c switch { 'ß' => "ss", 'æ' => "ae", 'Æ' => "AE", 'ø' => "o", 'Ø' => "O", 'œ' => "oe", 'Œ' => "OE", _ => c.ToString() });
            }
        }

        return plain.ToString();
    }

    private sealed class Download(byte[] contents, string contentType, string disposition) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentDisposition = disposition;
            return Results.File(contents, contentType).ExecuteAsync(httpContext);
        }
    }

    private sealed class StreamedDownload(string contentType, string disposition, Func<System.IO.Pipelines.PipeWriter, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers.ContentDisposition = disposition;
            await write(httpContext.Response.BodyWriter, httpContext.RequestAborted);
        }
    }
}
