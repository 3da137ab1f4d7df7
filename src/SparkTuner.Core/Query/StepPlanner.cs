namespace SparkTuner.Core.Query;

/// <summary>
/// A planned range query: aligned window, step, scrape interval and rate window. Produced by <see cref="StepPlanner.Plan"/>.
/// </summary>
/// <param name="Start">Query start, a multiple of <paramref name="Step"/> since the Unix epoch.</param>
/// <param name="End">Query end, a multiple of <paramref name="Step"/>.</param>
/// <param name="Step">Resolution of the range query.</param>
/// <param name="ScrapeInterval">How often the source scrapes the exporter (the finest real resolution).</param>
/// <param name="RateWindow">Window for <c>rate()</c>: at least 4 × scrape interval and at least the step.</param>
public sealed record QueryPlan(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step, TimeSpan ScrapeInterval, TimeSpan RateWindow)
{
    /// <summary>Points per series this plan returns: (End − Start) ÷ Step + 1.</summary>
    public long Points => (End - Start).Ticks / Step.Ticks + 1;

    /// <summary>
    /// True when a step holds more than one scrape, so a plain range query would sample only one of them and could miss a
    /// spike. Peak-sensitive gauges are then wrapped in <c>max_over_time</c> (see <see cref="StepPlanner.WrapPeak"/>).
    /// </summary>
    public bool NeedsPeakWrapping => Step > ScrapeInterval;
}

/// <summary>Computes the step of a range query instead of guessing it.</summary>
public static class StepPlanner
{
    /// <summary>Prometheus refuses range queries returning more than 11,000 points per series.</summary>
    public const int MaxPointsPerSeries = 11_000;

    private static readonly TimeSpan[] NiceSteps =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
        TimeSpan.FromHours(12), TimeSpan.FromDays(1),
    ];

    /// <summary>
    /// Plans a range query over [<paramref name="start"/>, <paramref name="end"/>].
    /// <para>
    /// step = nice⌈ max((end − start) ÷ wantedPoints, scrapeInterval) ⌉, where nice⌈x⌉ is the smallest of
    /// 1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 6h, 12h, 1d, then whole days, that is ≥ x.
    /// Then start' = ⌊start ÷ step⌋ × step and end' = ⌈end ÷ step⌉ × step (Unix time), and while
    /// (end' − start') ÷ step + 1 &gt; 11,000 the next nice step is taken.
    /// With <paramref name="requireFullResolution"/> the step is exactly the scrape interval, and a range that would need
    /// more than 11,000 points at that step is an error instead of a coarser step.
    /// rateWindow = max(4 × scrapeInterval, step), so every <c>rate()</c> window holds at least four scrapes and
    /// consecutive windows leave no gap.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException">End before start; non-positive scrape interval or wanted points; range too long at full resolution.</exception>
    public static QueryPlan Plan(DateTimeOffset start, DateTimeOffset end, int wantedPoints, TimeSpan scrapeInterval, bool requireFullResolution = false)
    {
        if (end < start)
        {
            throw new ArgumentException($"The end of the range ({end:O}) is before its start ({start:O}).", nameof(end));
        }

        if (scrapeInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The scrape interval must be positive (got {scrapeInterval}).", nameof(scrapeInterval));
        }

        if (wantedPoints < 1)
        {
            throw new ArgumentException($"The wanted number of points must be at least 1 (got {wantedPoints}).", nameof(wantedPoints));
        }

        var range = end - start;
        if (requireFullResolution)
        {
            var plan = Aligned(start, end, scrapeInterval, scrapeInterval);
            if (plan.Points > MaxPointsPerSeries)
            {
                throw new ArgumentException(
                    $"The range {start:O} – {end:O} ({range}) needs {plan.Points} points at full resolution ({PromQl.FormatDuration(scrapeInterval)}), " +
                    $"more than Prometheus' limit of {MaxPointsPerSeries} points per series. Choose a shorter range or allow a coarser step.",
                    nameof(end));
            }

            return plan;
        }

        var raw = TimeSpan.FromTicks(Math.Max(range.Ticks / wantedPoints, scrapeInterval.Ticks));
        var step = NiceAtLeast(raw);
        while (true)
        {
            var plan = Aligned(start, end, step, scrapeInterval);
            if (plan.Points <= MaxPointsPerSeries)
            {
                return plan;
            }

            step = NiceAtLeast(step + TimeSpan.FromTicks(1));
        }
    }

    /// <summary>The smallest "nice" step (1s, 2s, 5s, 10s, 15s, 30s, 1m, …, 1d, then whole days) that is ≥ <paramref name="duration"/>.</summary>
    public static TimeSpan NiceAtLeast(TimeSpan duration)
    {
        foreach (var nice in NiceSteps)
        {
            if (nice >= duration)
            {
                return nice;
            }
        }

        return TimeSpan.FromDays(Math.Ceiling(duration.TotalDays));
    }

    /// <summary>rate() window: max(4 × scrape interval, step).</summary>
    public static TimeSpan RateWindow(TimeSpan scrapeInterval, TimeSpan step) =>
        TimeSpan.FromTicks(Math.Max(scrapeInterval.Ticks * 4, step.Ticks));

    /// <summary>
    /// Wraps <paramref name="expression"/> so each point is the maximum of all scrapes in the step before it:
    /// <c>max_over_time(sel[step])</c> for a plain vector selector, otherwise the subquery
    /// <c>max_over_time((expr)[step:scrape])</c>. Returns the expression unchanged when the plan has one scrape per step.
    /// </summary>
    public static string WrapPeak(string expression, QueryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.NeedsPeakWrapping)
        {
            return expression;
        }

        var step = PromQl.FormatDuration(plan.Step);
        var trimmed = expression.Trim();
        return PromQlShape.IsPlainSelector(trimmed)
            ? $"max_over_time({trimmed}[{step}])"
            : $"max_over_time(({trimmed})[{step}:{PromQl.FormatDuration(plan.ScrapeInterval)}])";
    }

    private static QueryPlan Aligned(DateTimeOffset start, DateTimeOffset end, TimeSpan step, TimeSpan scrape)
    {
        var s = start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var e = end.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var st = step.Ticks;
        var alignedStart = FloorDiv(s, st) * st;
        var alignedEnd = -FloorDiv(-e, st) * st;
        return new QueryPlan(
            DateTimeOffset.UnixEpoch.AddTicks(alignedStart),
            DateTimeOffset.UnixEpoch.AddTicks(alignedEnd),
            step,
            scrape,
            RateWindow(scrape, step));
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
