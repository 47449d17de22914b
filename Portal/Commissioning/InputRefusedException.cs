namespace Portal.Commissioning;

/// <summary>
/// What a service throws when input breaks the rules the form shows: <see cref="Problems"/> are the
/// form's own messages, in the user's language, so the page can show them as they are. Nothing was stored.
/// </summary>
/// <remarks>An <see cref="InvalidOperationException"/>, so pages that already show those messages show these too.</remarks>
public sealed class InputRefusedException(IReadOnlyList<string> problems) : InvalidOperationException(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InputRefusedException(problems);
        }
    }
}
