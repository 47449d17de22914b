using Portal.Billing;

namespace Portal.Tests.Billing;

public sealed class ReferenceTests
{
    [Fact]
    public void QR08_the_IG_sample_reference_ends_in_its_mod10_recursive_check_digit()
    {
        Assert.Equal(7, QrReference.CheckDigit("21000000000313947143000901"));
        Assert.Equal(QrBillSamples.SampleQrReference, QrReference.Create("21000000000313947143000901"));
        Assert.True(QrReference.IsValid(QrBillSamples.SampleQrReference));
        Assert.True(QrReference.IsValid("21 00000 00003 13947 14300 09017"));
    }

    [Theory]
    [InlineData("210000000003139471430009018")] // wrong check digit
    [InlineData("210000000003139471430009071")] // two digits swapped
    [InlineData("21000000000313947143000901")] // 26 digits
    [InlineData("2100000000031394714300090170")] // 28 digits
    [InlineData("21000000000313947143000901A")]
    [InlineData("")]
    public void QR08_a_reference_with_a_bad_check_digit_or_length_is_refused(string reference) =>
        Assert.False(QrReference.IsValid(reference));

    [Fact]
    public void QR08_create_left_pads_with_zeros_and_prints_2_plus_5x5_groups()
    {
        var reference = QrReference.Create("2025 0112");

        Assert.Equal(27, reference.Length);
        Assert.Equal("00000000000000000020250112", reference[..26]);
        Assert.True(QrReference.IsValid(reference));
        Assert.Equal("21 00000 00003 13947 14300 09017", QrReference.Format(QrBillSamples.SampleQrReference));
        Assert.Throws<ArgumentException>(() => QrReference.Create("123456789012345678901234567"));
        Assert.Throws<ArgumentException>(() => QrReference.Create("12A"));
    }

    [Fact]
    public void QR09_creditor_reference_of_the_worked_example_gets_check_digits_96()
    {
        Assert.Equal("RF96ZEV2025Q1W12", CreditorReference.Create("ZEV2025Q1W12"));
        Assert.Equal("RF96ZEV2025Q1W12", CreditorReference.Create("zev2025 q1w12"));
        Assert.True(CreditorReference.IsValid("RF96ZEV2025Q1W12"));
        Assert.True(CreditorReference.IsValid("RF18 5390 0754 7034")); // ISO 11649's own example
        Assert.Equal("RF96 ZEV2 025Q 1W12", CreditorReference.Format("RF96ZEV2025Q1W12"));
    }

    [Theory]
    [InlineData("RF97ZEV2025Q1W12")] // wrong check digits
    [InlineData("RF96ZEV2025Q1W21")] // characters swapped
    [InlineData("RF96")] // too short
    [InlineData("RF961234567890123456789012")] // 26 characters
    [InlineData("XX96ZEV2025Q1W12")]
    [InlineData("RF96ZEV-2025")]
    public void QR09_a_creditor_reference_failing_its_check_or_length_is_refused(string reference) =>
        Assert.False(CreditorReference.IsValid(reference));

    [Fact]
    public void QR09_create_refuses_a_reference_longer_than_21_characters() =>
        Assert.Throws<ArgumentException>(() => CreditorReference.Create("1234567890123456789012"));

    [Theory]
    [InlineData(QrBillSamples.SampleIban, true, false)]
    [InlineData(QrBillSamples.SampleQrIban, true, true)]
    [InlineData("ch58 0079 1123 0008 8901 2", true, false)]
    [InlineData("CH5800791123000889013", false, false)] // check fails
    [InlineData("CH580079112300088901", false, false)] // 20 characters
    [InlineData("DE89370400440532013000", false, false)] // valid, but German
    [InlineData("LI21088100002324013AA", true, false)]
    public void IBAN_is_valid_for_21_character_CH_or_LI_that_pass_mod97_and_QR_IBAN_by_institution_id(string iban, bool valid, bool qrIban)
    {
        Assert.Equal(valid, Iban.IsValid(iban));
        Assert.Equal(qrIban, Iban.IsQrIban(iban));
    }

    [Fact]
    public void IBAN_check_digits_are_checked_for_any_country_and_printed_in_groups_of_four()
    {
        Assert.True(Iban.HasValidCheckDigits("DE89 3704 0044 0532 0130 00"));
        Assert.False(Iban.HasValidCheckDigits("DE88370400440532013000"));
        Assert.Equal("CH58 0079 1123 0008 8901 2", Iban.Format("ch5800791123000889012"));
        Assert.Equal(QrBillSamples.SampleIban, Iban.Compact(" CH58 0079 1123 0008 8901 2 "));
    }

    [Fact]
    public void QR07_institution_ids_30000_to_31999_make_a_QR_IBAN()
    {
        Assert.True(Iban.IsQrIban(WithInstitution("30000")));
        Assert.True(Iban.IsQrIban(WithInstitution("31999")));
        Assert.False(Iban.IsQrIban(WithInstitution("29999")));
        Assert.False(Iban.IsQrIban(WithInstitution("32000")));
    }

    [Fact]
    public void QR10_Swico_S1_leaves_absent_tags_out_keeps_UID_digits_and_escapes_slashes()
    {
        Assert.Equal("//S1/10/2025-0112/11/250415/32/8.1", new SwicoBillingInformation("2025-0112", new DateOnly(2025, 4, 15), null, 8.10m).Text());
        Assert.Equal(@"//S1/10/A\/7/11/260101/30/123456789/32/0", new SwicoBillingInformation("A/7", new DateOnly(2026, 1, 1), "CHE-123.456.789 MWST", 0m).Text());
        Assert.Equal("//S1", new SwicoBillingInformation(null, null, null, null).Text());
    }

    /// <summary>A CH IBAN with the given institution id and check digits computed for it (BigInteger, independent of Mod97).</summary>
    private static string WithInstitution(string institution)
    {
        var bban = institution + "123000889012";
        var number = System.Numerics.BigInteger.Parse(bban + "1217" + "00", System.Globalization.CultureInfo.InvariantCulture); // C=12, H=17
        return $"CH{98 - (int)(number % 97):00}{bban}";
    }
}
