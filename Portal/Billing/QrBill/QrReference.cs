namespace Portal.Billing;

/// <summary>
/// The QR reference (QRR, QR-08): 26 digits plus a modulo-10 recursive check digit, left-padded with zeros to 27
/// digits; the only reference a QR-IBAN accepts (QR-07). Printed as 2 + 5 x 5 digits.
/// </summary>
public static class QrReference
{
    public const int Length = 27;

    private static readonly int[] Table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

    /// <summary>The reference for <paramref name="digitsUpTo26"/> (1-26 digits, spaces ignored): zeros on the left, then the check digit.</summary>
    public static string Create(string digitsUpTo26)
    {
        var digits = Compact(digitsUpTo26);
        if (digits.Length is 0 or > Length - 1 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"A QR reference is made of 1 to 26 digits, not \"{digitsUpTo26}\".", nameof(digitsUpTo26));
        }

        var body = digits.PadLeft(Length - 1, '0');
        return body + CheckDigit(body);
    }

    /// <summary>The modulo-10 recursive check digit of <paramref name="digits"/> (QR-08).</summary>
    public static int CheckDigit(string digits)
    {
        var carry = 0;
        foreach (var d in digits)
        {
            carry = Table[(carry + (d - '0')) % 10];
        }

        return (10 - carry) % 10;
    }

    /// <summary>True for 27 digits (spaces ignored) whose last digit is the check digit of the 26 before it.</summary>
    public static bool IsValid(string reference)
    {
        var digits = Compact(reference);
        return digits.Length == Length && digits.All(char.IsAsciiDigit) && CheckDigit(digits[..^1]) == digits[^1] - '0';
    }

    /// <summary>The reference as printed: "21 00000 00003 13947 14300 09017".</summary>
    public static string Format(string reference) => Groups.OfFiveFromTheRight(Compact(reference));

    /// <summary>The reference without spaces (the form the QR code carries).</summary>
    public static string Compact(string reference) => string.Concat(reference.Where(c => !char.IsWhiteSpace(c)));
}
