using SparkTuner.Core.Runs;

namespace SparkTuner.Web.Model;

/// <summary>What the Runs page shows: the runs found in a range, or why none could be listed.</summary>
public sealed record RunsViewModel(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SparkRun> Runs, string? Error)
{
    /// <summary>The variants present, in order of first appearance (e.g. noncached, cached).</summary>
    public IReadOnlyList<string> Variants => Runs.Select(r => r.Variant).Where(v => v.Length > 0).Distinct().ToList();
}

/// <summary>A quick time range of the Runs page.</summary>
public sealed record QuickRange(string Label, TimeSpan Span)
{
    public static readonly IReadOnlyList<QuickRange> All =
    [
        new("1h", TimeSpan.FromHours(1)),
        new("6h", TimeSpan.FromHours(6)),
        new("24h", TimeSpan.FromDays(1)),
        new("7d", TimeSpan.FromDays(7)),
        new("15d", TimeSpan.FromDays(15)),
    ];

    public static QuickRange Default => All[2];
}
