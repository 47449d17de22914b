using System.Globalization;
using System.Text;
using System.Security;

namespace Portal.Tests.Support;

/// <summary>One credit of a hand-built camt.054 file: the bank's transaction reference, the amount and the payer's reference.</summary>
public sealed record Camt054Credit(string BankReference, decimal Amount, string? Reference, string Currency = "CHF", string Debtor = "Anna Beispiel");

/// <summary>A camt.054.001.04 credit notification in the shape Swiss banks send (one entry per credit), built for a test.</summary>
public static class Camt054File
{
    public static string Xml(string iban, params Camt054Credit[] credits)
    {
        var entries = new StringBuilder();
        foreach (var credit in credits)
        {
            var amount = credit.Amount.ToString("0.00", CultureInfo.InvariantCulture);
            var reference = credit.Reference is null ? "" :
                $"<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>{SecurityElement.Escape(credit.Reference)}</Ref></CdtrRefInf></Strd></RmtInf>";
            entries.Append(CultureInfo.InvariantCulture, $"""
                  <Ntry>
                    <Amt Ccy="{credit.Currency}">{amount}</Amt>
                    <CdtDbtInd>CRDT</CdtDbtInd>
                    <Sts>BOOK</Sts>
                    <BookgDt><Dt>2026-11-20</Dt></BookgDt>
                    <ValDt><Dt>2026-11-20</Dt></ValDt>
                    <NtryDtls>
                      <TxDtls>
                        <Refs><AcctSvcrRef>{SecurityElement.Escape(credit.BankReference)}</AcctSvcrRef></Refs>
                        <Amt Ccy="{credit.Currency}">{amount}</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <RltdPties><Dbtr><Nm>{SecurityElement.Escape(credit.Debtor)}</Nm></Dbtr></RltdPties>
                        {reference}
                      </TxDtls>
                    </NtryDtls>
                  </Ntry>

            """);
        }

        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04">
              <BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>TEST</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>
                <Ntfctn>
                  <Id>TEST-1</Id>
                  <CreDtTm>2026-11-21T06:00:00</CreDtTm>
                  <Acct><Id><IBAN>{iban}</IBAN></Id></Acct>
            {entries}
                </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """;
    }

    public static MemoryStream Stream(string iban, params Camt054Credit[] credits) => new(Encoding.UTF8.GetBytes(Xml(iban, credits)));
}
