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

    /// <summary>
    /// Whether the run had finished when it was found (see <see cref="RunState"/>). A running run's <see cref="End"/>
    /// is its latest sample so far, so its duration and totals are partial.
    /// </summary>
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

    /// <summary>
    /// The run as Spark's REST API describes it, which outranks the metrics' two-scrape-interval rule in both directions:
    /// an incomplete attempt (<c>completed = false</c>) makes the run <see cref="RunState.Running"/> (its times stay the
    /// metrics', Spark has no end yet); a completed attempt with plausible times (<see cref="WithSparkTimes(DateTimeOffset?, DateTimeOffset?)"/>)
    /// makes it <see cref="RunState.Completed"/> with Spark's start and end. An attempt that started after the metrics'
    /// last sample, or a completed one whose times are implausible, is another run sharing the id: the run is unchanged.
    /// </summary>
    public SparkRun WithSparkTimes(SparkRunTimes? times)
    {
        if (times is null || (times.Start is { } s && s > End))
        {
            return this;
        }

        if (!times.Completed)
        {
            return State == RunState.Running ? this : this with { State = RunState.Running };
        }

        var timed = WithSparkTimes(times.Start, times.End);
        return ReferenceEquals(timed, this) ? this : timed with { State = RunState.Completed };
    }
}
