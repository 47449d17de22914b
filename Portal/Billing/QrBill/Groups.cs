namespace Portal.Billing;

/// <summary>How the QR-bill prints long codes so people can read them out: in groups separated by spaces.</summary>
internal static class Groups
{
    /// <summary>Groups of four from the left (IBAN, creditor reference QR-09).</summary>
    public static string OfFour(string compact) => string.Join(' ', compact.Chunk(4).Select(c => new string(c)));

    /// <summary>Groups of five from the right, so a 27-digit QR reference prints as 2 + 5 x 5 (QR-08).</summary>
    public static string OfFiveFromTheRight(string compact)
    {
        var head = compact.Length % 5;
        var groups = new List<string>();
        if (head > 0)
        {
            groups.Add(compact[..head]);
        }

        groups.AddRange(compact[head..].Chunk(5).Select(c => new string(c)));
        return string.Join(' ', groups);
    }
}
