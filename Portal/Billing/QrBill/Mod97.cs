namespace Portal.Billing;

/// <summary>
/// ISO 7064 MOD 97-10, the check both an IBAN and an ISO 11649 creditor reference (SCOR, QR-09) use:
/// the first four characters move to the end, letters become 10..35, and the number modulo 97 must be 1.
/// </summary>
internal static class Mod97
{
    /// <summary>True when <paramref name="code"/> (upper-case letters and digits, at least 5 characters) passes the check.</summary>
    public static bool Passes(string code) =>
        code.Length >= 5 && code.All(IsAlphanumeric) && Remainder(code[4..] + code[..4]) == 1;

    /// <summary>The two check digits for <paramref name="body"/> placed after <paramref name="prefix"/> ("RF", "CH").</summary>
    public static string CheckDigits(string prefix, string body) =>
        (98 - Remainder(body + prefix + "00")).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsAlphanumeric(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z');

    private static int Remainder(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            var value = c <= '9' ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder;
    }
}
