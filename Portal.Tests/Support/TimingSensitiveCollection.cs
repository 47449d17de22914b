namespace Portal.Tests.Support;

/// <summary>
/// Tests that run a site at 600x: a real millisecond is ten simulated seconds, so they run alone,
/// not beside browser tests competing for the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive";
}
