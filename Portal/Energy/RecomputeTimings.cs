namespace Portal.Energy;

/// <summary>
/// Where one stored recompute of <see cref="EnergyBalanceStore"/> spent its time: reading the intervals, computing
/// the balances, writing the quarter-hour rows, rolling them up, committing; and how many quarter-hour rows it wrote.
/// </summary>
public sealed record RecomputeTimings(TimeSpan Read, TimeSpan Compute, TimeSpan Write, TimeSpan RollUp, TimeSpan Commit, int RowsWritten);
