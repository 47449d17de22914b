using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Billing.Payments;

/// <summary>
/// Reads an ISO 20022 bank-to-customer debit/credit notification (camt.054.001.02 to .001.08, as Swiss banks send
/// them for QR-bill payments) into the credits to match (<see cref="PaymentMatcher"/>). Pure: no database, no clock.
/// Elements are matched by local name within the document's own namespace, so every version reads the same way.
/// A file that is not camt.054, too large or not well-formed gives a <see cref="CamtProblem"/>, never an exception.
/// </summary>
public static partial class Camt054Reader
{
    /// <summary>Larger than a year of daily notifications of a large site; a bigger upload is refused before parsing.</summary>
    public const long DefaultMaxBytes = 20 * 1024 * 1024;

    public const int OldestVersion = 2;

    public const int NewestVersion = 8;

    public static async Task<Camt054Read> ReadAsync(Stream file, long maxBytes = DefaultMaxBytes, CancellationToken ct = default)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Camt054Read.Failed(new CamtProblem(CamtProblem.TooLarge, [maxBytes / (1024 * 1024)], null));
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return Read(buffer);
    }

    /// <summary>Reads a file already in memory (or small enough to be read synchronously).</summary>
    public static Camt054Read Read(Stream file)
    {
        // No DTD, no external entities or schemas: a bank file needs none, and they are how XML attacks come in.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(file, settings);
        XDocument document;
        try
        {
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            // A DTD is refused without a position; the reader may still know where it stopped.
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition)
                : reader is IXmlLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
            return Camt054Read.Failed(line > 0
                ? new CamtProblem(CamtProblem.Malformed, [line, column], line)
                : new CamtProblem(CamtProblem.Refused, [], null));
        }

        return Read(document);
    }

    private static Camt054Read Read(XDocument document)
    {
        var root = document.Root!;
        var ns = root.Name.Namespace;
        var message = MessageType().Match(ns.NamespaceName);
        if (root.Name.LocalName != "Document" || !message.Success)
        {
            return Camt054Read.Failed(new CamtProblem(CamtProblem.NotCamt054, [Describe(root)], LineOf(root)));
        }

        if (message.Groups["type"].Value != "camt.054")
        {
            return Camt054Read.Failed(new CamtProblem(CamtProblem.NotCamt054, [message.Groups["type"].Value], LineOf(root)));
        }

        var version = int.Parse(message.Groups["version"].Value, CultureInfo.InvariantCulture);
        var versionName = $"camt.054.001.{message.Groups["version"].Value}";
        var body = root.Element(ns + "BkToCstmrDbtCdtNtfctn");
        if (version < OldestVersion || version > NewestVersion || body is null)
        {
            return Camt054Read.Failed(new CamtProblem(CamtProblem.UnsupportedVersion, [versionName, OldestVersion, NewestVersion], LineOf(root)));
        }

        if (!body.Elements(ns + "Ntfctn").Any())
        {
            return Camt054Read.Failed(new CamtProblem(CamtProblem.Empty, [], LineOf(body)));
        }

        var credits = new List<BankCredit>();
        var skipped = new List<SkippedTransaction>();
        try
        {
            foreach (var notification in body.Elements(ns + "Ntfctn"))
            {
                var iban = Text(notification, ns, "Acct", "Id", "IBAN") is { } raw ? BankReference.Normalize(raw) : null;
                var account = iban ?? Text(notification, ns, "Acct", "Id", "Othr", "Id") ?? "";
                foreach (var entry in notification.Elements(ns + "Ntry"))
                {
                    ReadEntry(entry, ns, iban, account, credits, skipped);
                }
            }
        }
        catch (BadValueException e)
        {
            return Camt054Read.Failed(new CamtProblem(CamtProblem.BadValue, [e.Element, e.Value, e.Line ?? 0], e.Line));
        }

        return new Camt054Read(versionName, credits, skipped, null);
    }

    private static void ReadEntry(XElement entry, XNamespace ns, string? iban, string account, List<BankCredit> credits, List<SkippedTransaction> skipped)
    {
        var entryAmount = Amount(entry.Element(ns + "Amt"));
        var entryDirection = Text(entry, ns, "CdtDbtInd");
        var reversal = string.Equals(Text(entry, ns, "RvslInd"), "true", StringComparison.OrdinalIgnoreCase);
        // .02-.03 write the status as text, .04 onwards may nest it in Cd.
        var status = Text(entry, ns, "Sts", "Cd") ?? Text(entry, ns, "Sts");
        var booked = status is null || status == "BOOK";
        var bookingDate = Date(entry, ns, "BookgDt");
        var valueDate = Date(entry, ns, "ValDt");
        var entryReference = Text(entry, ns, "AcctSvcrRef");
        var transactions = entry.Elements(ns + "NtryDtls").SelectMany(d => d.Elements(ns + "TxDtls")).ToList();

        // An entry without details is one transaction: the entry itself.
        List<XElement?> details = transactions.Count == 0 ? [null] : [.. transactions];
        for (var index = 0; index < details.Count; index++)
        {
            var detail = details[index];
            var amount = detail is null ? entryAmount : TransactionAmount(detail, ns) ?? (details.Count == 1 ? entryAmount : null);
            var direction = (detail is null ? null : Text(detail, ns, "CdtDbtInd")) ?? entryDirection;
            var reference = detail is null ? null : BankReference.Parse(Text(detail, ns, "RmtInf", "Strd", "CdtrRefInf", "Ref"));
            var debtor = detail is null ? null : DebtorName(detail, ns);
            var key = account + ":" + (
                (detail is null ? null : Text(detail, ns, "Refs", "AcctSvcrRef"))
                ?? (entryReference is not null ? $"{entryReference}/{index + 1}" : null)
                ?? Fingerprint(account, entry, detail, index));

            SkipReason? reason = direction == "DBIT" ? SkipReason.Debit
                : reversal ? SkipReason.Reversal
                : !booked ? SkipReason.NotBooked
                : amount is null ? SkipReason.NoAmount
                : direction != "CRDT" ? throw new BadValueException("CdtDbtInd", direction ?? "", LineOf(entry))
                : null;
            if (reason is { } why)
            {
                skipped.Add(new SkippedTransaction(key, amount?.Value, amount?.Currency, bookingDate, why));
                continue;
            }

            credits.Add(new BankCredit(key, amount!.Value.Value, amount.Value.Currency, bookingDate, valueDate, reference, debtor, iban));
        }
    }

    /// <summary>TxDtls/Amt (.04 onwards), else the amount details (.02 writes only these).</summary>
    private static (decimal Value, string Currency)? TransactionAmount(XElement detail, XNamespace ns) =>
        Amount(detail.Element(ns + "Amt"))
        ?? Amount(Path(detail, ns, "AmtDtls", "TxAmt", "Amt"))
        ?? Amount(Path(detail, ns, "AmtDtls", "InstdAmt", "Amt"));

    /// <summary>RltdPties/Dbtr/Nm up to .07; .08 nests the party: RltdPties/Dbtr/Pty/Nm.</summary>
    private static string? DebtorName(XElement detail, XNamespace ns) =>
        Text(detail, ns, "RltdPties", "Dbtr", "Pty", "Nm") ?? Text(detail, ns, "RltdPties", "Dbtr", "Nm");

    private static (decimal Value, string Currency)? Amount(XElement? amount)
    {
        if (amount is null)
        {
            return null;
        }

        var currency = (string?)amount.Attribute("Ccy");
        if (!decimal.TryParse(amount.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || currency is not { Length: 3 })
        {
            throw new BadValueException(amount.Name.LocalName, amount.Value.Trim(), LineOf(amount));
        }

        return (value, currency.ToUpperInvariant());
    }

    /// <summary>A date as Dt (2025-04-15) or DtTm (2025-04-15T10:00:00+02:00): the bank's calendar day either way.</summary>
    private static DateOnly? Date(XElement entry, XNamespace ns, string name)
    {
        var element = Path(entry, ns, name, "Dt") ?? Path(entry, ns, name, "DtTm");
        if (element is null)
        {
            return null;
        }

        var text = element.Value.Trim();
        return text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new BadValueException(element.Name.LocalName, text, LineOf(element));
    }

    /// <summary>When neither the transaction nor the entry has a bank reference: a hash of what identifies the transaction.</summary>
    private static string Fingerprint(string account, XElement entry, XElement? detail, int index)
    {
        static string Canonical(XElement? element) => element is null ? "" : string.Join('|', element.DescendantsAndSelf()
            .Where(e => !e.HasElements)
            .Select(e => $"{e.Name.LocalName}={e.Value.Trim()}{string.Concat(e.Attributes().Select(a => $"@{a.Name.LocalName}={a.Value}"))}"));

        var entryFields = new XElement(entry.Name, entry.Elements().Where(e => e.Name.LocalName != "NtryDtls"));
        var canonical = $"{account}\n{Canonical(entryFields)}\n{index}\n{Canonical(detail)}";
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static XElement? Path(XElement from, XNamespace ns, params string[] names)
    {
        XElement? current = from;
        foreach (var name in names)
        {
            current = current?.Element(ns + name);
        }

        return current;
    }

    private static string? Text(XElement from, XNamespace ns, params string[] names) =>
        Path(from, ns, names)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static int? LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    private static string Describe(XElement root) =>
        root.Name.NamespaceName.Length > 0 ? root.Name.NamespaceName : root.Name.LocalName;

    [GeneratedRegex(@"^urn:iso:std:iso:20022:tech:xsd:(?<type>[a-z]{4}\.\d{3})\.001\.(?<version>\d{2})$")]
    private static partial Regex MessageType();

    private sealed class BadValueException(string element, string value, int? line) : Exception($"{element} '{value}' on line {line}")
    {
        public string Element { get; } = element;

        public string Value { get; } = value;

        public int? Line { get; } = line;
    }
}
