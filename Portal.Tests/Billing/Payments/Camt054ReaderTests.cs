using System.Text;
using Portal.Billing.Payments;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Payments;

/// <summary>camt.054 notifications as banks send them for QR-bill payments, hand-written in Samples/.</summary>
public sealed class Camt054ReaderTests
{
    private const string Iban = "CH4431999123000889012";

    private static async Task<Camt054Read> ReadSampleAsync(string name)
    {
        await using var file = File.OpenRead(Path.Combine(RepositoryPaths.Root, "Portal.Tests", "Billing", "Payments", "Samples", name));
        return await Camt054Reader.ReadAsync(file);
    }

    private static Camt054Read ReadText(string xml) => Camt054Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public async Task Reads_the_QRR_and_SCOR_credits_of_a_PostFinance_style_001_04_file()
    {
        var read = await ReadSampleAsync("postfinance-camt054-001-04.xml");

        Assert.True(read.Succeeded, read.Problem?.Key);
        Assert.Equal("camt.054.001.04", read.Version);
        Assert.Equal(2, read.Credits.Count);
        var qrr = read.Credits[0];
        Assert.Equal(new BankCredit(
            $"{Iban}:250415CH0A1B2C3D-TX1", 216.20m, "CHF", new DateOnly(2025, 4, 15), new DateOnly(2025, 4, 15),
            new BankReference(BankReferenceKind.Qrr, "210000000003139471430009017"), "Anna Beispiel", Iban), qrr);
        var scor = read.Credits[1];
        // QR-09: printed in groups of four, in any case; matched without spaces, upper case.
        Assert.Equal(new BankReference(BankReferenceKind.Scor, "RF96ZEV2025Q1W12"), scor.Reference);
        // No bank reference on the transaction: the entry's, with the transaction's place in it.
        Assert.Equal($"{Iban}:250415CH0E5F6G7H/1", scor.Key);
        Assert.Equal(150.00m, scor.Amount);
        Assert.Equal(new DateOnly(2025, 4, 16), scor.ValueDate);
        Assert.Equal("Luc Exemple", scor.DebtorName);
    }

    [Fact]
    public async Task A_debit_and_a_reversal_are_listed_as_skipped_with_their_reason_not_as_credits()
    {
        var read = await ReadSampleAsync("postfinance-camt054-001-04.xml");

        Assert.Equal(
            [($"{Iban}:250415CH0FEES001/1", 35.00m, SkipReason.Debit), ($"{Iban}:250415CH0REV0001-TX1", 80.00m, SkipReason.Reversal)],
            read.Skipped.Select(s => (s.Key, s.Amount!.Value, s.Reason)).ToArray());
        Assert.DoesNotContain(read.Credits, c => c.Amount is 35.00m or 80.00m);
    }

    [Fact]
    public async Task A_batched_001_08_entry_gives_one_credit_per_transaction_detail()
    {
        var read = await ReadSampleAsync("batched-camt054-001-08.xml");

        Assert.True(read.Succeeded, read.Problem?.Key);
        Assert.Equal("camt.054.001.08", read.Version);
        var batch = read.Credits.Take(3).ToList();
        Assert.Equal([200.00m, 300.35m, 40.00m], batch.Select(c => c.Amount));
        Assert.Equal(540.35m, batch.Sum(c => c.Amount));
        Assert.Equal(["Chloé Genève", "Max Muster", null], batch.Select(c => c.DebtorName));
        Assert.Equal(
            [new BankReference(BankReferenceKind.Qrr, "001000000000000000000000015"), new BankReference(BankReferenceKind.Scor, "RF18539007547034"), null],
            batch.Select(c => c.Reference));
        Assert.Equal([$"{Iban}:BATCH-20250501-77-001", $"{Iban}:BATCH-20250501-77-002", $"{Iban}:BATCH-20250501-77/3"], batch.Select(c => c.Key));
        // The booking date-time is the bank's day, as written.
        Assert.All(batch, c => Assert.Equal(new DateOnly(2025, 5, 1), c.BookingDate));
        Assert.All(batch, c => Assert.Equal(new DateOnly(2025, 5, 2), c.ValueDate));
    }

    [Fact]
    public async Task An_entry_without_any_bank_reference_gets_a_hash_key_that_is_the_same_on_every_read()
    {
        var first = (await ReadSampleAsync("batched-camt054-001-08.xml")).Credits[3];
        var again = (await ReadSampleAsync("batched-camt054-001-08.xml")).Credits[3];

        Assert.StartsWith($"{Iban}:sha256-", first.Key, StringComparison.Ordinal);
        Assert.Equal(first.Key, again.Key);
        // One TxDtls without an amount of its own takes the entry's.
        Assert.Equal((12.50m, "EUR"), (first.Amount, first.Currency));
        Assert.Equal(BankReferenceKind.Qrr, first.Reference!.Kind);
    }

    [Fact]
    public async Task Every_transaction_of_a_file_has_its_own_key()
    {
        foreach (var sample in new[] { "postfinance-camt054-001-04.xml", "batched-camt054-001-08.xml" })
        {
            var read = await ReadSampleAsync(sample);
            var keys = read.Credits.Select(c => c.Key).Concat(read.Skipped.Select(s => s.Key)).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
        }
    }

    [Fact]
    public async Task Malformed_xml_gives_a_problem_with_its_line_number()
    {
        var read = await ReadSampleAsync("malformed-camt054.xml");

        Assert.False(read.Succeeded);
        Assert.Equal(CamtProblem.Malformed, read.Problem!.Key);
        Assert.Equal(7, read.Problem.Line);
        Assert.Empty(read.Credits);
    }

    [Fact]
    public async Task A_camt_053_statement_is_refused_as_another_message_type()
    {
        var read = await ReadSampleAsync("statement-camt053-001-04.xml");

        Assert.Equal(CamtProblem.NotCamt054, read.Problem!.Key);
        Assert.Equal(["camt.053"], read.Problem.Arguments);
    }

    [Fact]
    public void A_document_that_is_not_ISO_20022_is_refused()
    {
        var read = ReadText("<invoice xmlns=\"urn:example\"><total>1</total></invoice>");

        Assert.Equal(CamtProblem.NotCamt054, read.Problem!.Key);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("09")]
    public void A_version_outside_02_to_08_is_refused(string version)
    {
        var read = ReadText($"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.{version}\"><BkToCstmrDbtCdtNtfctn/></Document>");

        Assert.Equal(CamtProblem.UnsupportedVersion, read.Problem!.Key);
        Assert.Equal($"camt.054.001.{version}", read.Problem.Arguments[0]);
    }

    [Fact]
    public async Task A_DTD_with_an_external_entity_is_refused_and_never_resolved()
    {
        var read = await ReadSampleAsync("entity-camt054.xml");

        Assert.Equal(CamtProblem.Refused, read.Problem!.Key);
        Assert.Empty(read.Credits);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        await using var file = new MemoryStream(new byte[2048]);

        var read = await Camt054Reader.ReadAsync(file, maxBytes: 1024);

        Assert.Equal(CamtProblem.TooLarge, read.Problem!.Key);
    }

    [Fact]
    public void An_amount_that_is_not_a_number_gives_a_problem_with_its_line()
    {
        var read = ReadText("""
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
              <BkToCstmrDbtCdtNtfctn>
                <Ntfctn>
                  <Ntry><Amt Ccy="CHF">12,50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>
                </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """);

        Assert.Equal(CamtProblem.BadValue, read.Problem!.Key);
        Assert.Equal(4, read.Problem.Line);
    }

    [Fact]
    public void A_001_02_transaction_reads_its_amount_from_the_amount_details_and_a_pending_entry_is_skipped()
    {
        var read = ReadText("""
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
              <BkToCstmrDbtCdtNtfctn>
                <Ntfctn>
                  <Acct><Id><IBAN>CH5800791123000889012</IBAN></Id></Acct>
                  <Ntry>
                    <Amt Ccy="CHF">99.95</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                    <NtryDtls><TxDtls><Refs><AcctSvcrRef>A1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="CHF">99.95</Amt></TxAmt></AmtDtls>
                      <RltdPties><Dbtr><Nm>Anna</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
                  </Ntry>
                  <Ntry><Amt Ccy="CHF">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts><AcctSvcrRef>P1</AcctSvcrRef></Ntry>
                </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """);

        Assert.Equal((99.95m, "Anna", "CH5800791123000889012:A1"), (read.Credits.Single().Amount, read.Credits.Single().DebtorName, read.Credits.Single().Key));
        Assert.Equal(SkipReason.NotBooked, read.Skipped.Single().Reason);
    }
}
