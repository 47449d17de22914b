using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Portal.Energy;

/// <summary>
/// Writes CSV (comma-separated, CRLF, UTF-8, invariant numbers) straight into a <see cref="PipeWriter"/>: no row is
/// kept once written, and <see cref="FlushIfFullAsync"/> hands full buffers to the client, so an export of any length
/// runs in the same memory and its first bytes leave before its last rows are read.
/// </summary>
public sealed class CsvRowWriter(PipeWriter pipe)
{
    /// <summary>Bytes gathered before they are sent.</summary>
    public const int FlushBytes = 32 * 1024;

    private long _unflushed;
    private bool _rowStarted;

    /// <summary>Rows ended so far (the header included).</summary>
    public long Rows { get; private set; }

    public void Field(long value)
    {
        Separator();
        var span = pipe.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        Advance(written);
    }

    /// <summary>An instant with its offset, e.g. <c>2026-10-25T02:15:00+01:00</c> (UTC as <c>...Z</c>).</summary>
    public void Field(DateTimeOffset instant)
    {
        Separator();
        var span = pipe.GetSpan(32);
        var format = instant.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz";
        instant.TryFormat(span, out var written, format, CultureInfo.InvariantCulture);
        Advance(written);
    }

    /// <summary>A decimal (an amount) in invariant notation, as many decimals as it has.</summary>
    public void Field(decimal value)
    {
        Separator();
        var span = pipe.GetSpan(32);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        Advance(written);
    }

    /// <summary>
    /// Text, quoted when it holds a separator, a quote or a line break; a text that a spreadsheet would run as a
    /// formula (starting with =, + or @) gets a leading apostrophe, so a name typed by a user can never execute.
    /// </summary>
    public void Field(string text)
    {
        Separator();
        if (text.Length > 0 && text[0] is '=' or '+' or '@')
        {
            text = "'" + text;
        }

        if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            text = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        Raw(text);
    }

    /// <summary>An empty field (no value).</summary>
    public void Empty() => Separator();

    public void EndRow()
    {
        Raw("\r\n");
        _rowStarted = false;
        Rows++;
    }

    /// <summary>Sends what was written once it fills a buffer (waiting while the client reads slower).</summary>
    public async ValueTask FlushIfFullAsync(CancellationToken ct)
    {
        if (_unflushed >= FlushBytes)
        {
            await FlushAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        _unflushed = 0;
        await pipe.FlushAsync(ct);
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            Raw(",");
        }

        _rowStarted = true;
    }

    private void Raw(string text)
    {
        var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void Advance(int bytes)
    {
        pipe.Advance(bytes);
        _unflushed += bytes;
    }
}
