namespace SparkTuner.Core.Runs;

/// <summary>
/// One Spark application as seen in the metrics. <see cref="Start"/> and <see cref="End"/> are the first and last
/// raw sample of the application (never the padded end of a range query).
/// </summary>
public sealed record SparkRun(
    string Id,
    string Name,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Executors,
    string Variant)
{
    public TimeSpan Duration => End - Start;

    /// <summary>Where <see cref="Start"/> and <see cref="End"/> come from: "metrics" (first and last sample) or "spark-rest" (Spark's own clock).</summary>
    public string TimesFrom { get; init; } = "metrics";

    /// <summary>Whether the application had finished when it was discovered (placeholder: always <see cref="RunState.Completed"/> for now).</summary>
    public RunState State { get; init; } = RunState.Completed;

    /// <summary>
    /// The run with Spark's own start and end (REST API) as its truth, when they are plausible for it: both known, end
    /// after start, and overlapping the metrics' first..last sample (guards against another run sharing the id).
    /// Otherwise the run unchanged.
    /// </summary>
    public SparkRun WithSparkTimes(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e && e > s && e >= Start && s <= End
            ? this with { Start = s, End = e, TimesFrom = "spark-rest" }
            : this;
}
