using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Puts series on "seconds since this run started" and combines executors on a common grid.
/// </summary>
/// <remarks>
/// Only samples with timestamp in [run.Start, run.End] count: Prometheus pads a range query with the last value for up
/// to the lookback delta (5 min) after a series stops, and those padded points must never inflate a statistic.
/// Executors are combined on the union of their timestamps; each series carries its last value forward
/// (last-value-carried-forward) but never before its own first or beyond its own last sample, so an executor that
/// starts late or stops early simply does not contribute outside its lifetime.
/// </remarks>
public static class RunAlignment
{
    /// <summary>Tolerance for "inside the run" and for merging grid points (range-query timestamps are float seconds).</summary>
    public const double ToleranceSeconds = 1e-3;

    /// <summary>Whether Unix-seconds timestamp <paramref name="t"/> counts as inside a run from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static bool Inside(double t, double start, double end) => t >= start - ToleranceSeconds && t <= end + ToleranceSeconds;

    /// <summary>Unix seconds of a wall-clock instant, as Prometheus timestamps are.</summary>
    public static double UnixSeconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Keeps the finite samples of <paramref name="series"/> inside <paramref name="run"/> and shifts them to run time.</summary>
    public static AlignedSeries Align(TimeSeries series, SparkRun run, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(run);
        var start = UnixSeconds(run.Start);
        var end = UnixSeconds(run.End);
        // Two passes, so the two arrays are allocated once at their exact size (no list growth, no ToArray copy).
        var kept = 0;
        var skipped = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var t = series.Timestamps[i];
            if (!Inside(t, start, end)) continue;
            if (double.IsFinite(series.Values[i])) kept++;
            else skipped++;
        }

        var seconds = new double[kept];
        var values = new double[kept];
        var j = 0;
        for (var i = 0; i < series.Count && j < kept; i++)
        {
            var t = series.Timestamps[i];
            if (!Inside(t, start, end)) continue;
            var v = series.Values[i];
            if (!double.IsFinite(v)) continue;
            seconds[j] = Math.Max(0, t - start);
            values[j] = v;
            j++;
        }

        return new AlignedSeries(name ?? string.Empty, seconds, values, skipped);
    }

    /// <summary>
    /// Aligns every series of <paramref name="data"/> to its run. Each series is named after the executor label
    /// (or "driver"); a series without the label gets "#index".
    /// </summary>
    public static IReadOnlyList<AlignedSeries> AlignAll(RunMetricData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new List<AlignedSeries>(data.Series.Count);
        for (var i = 0; i < data.Series.Count; i++)
        {
            var s = data.Series[i];
            var name = data.Scope == MetricScope.Driver
                ? "driver"
                : (data.ExecutorLabel is null ? null : s.Label(data.ExecutorLabel)) ?? $"#{i}";
            result.Add(Align(s, data.Run, name));
        }

        return result;
    }

    /// <summary>
    /// Combines aligned executor series on the union grid of their timestamps with last-value-carried-forward inside each
    /// series' own [first, last] sample. <see cref="ExecutorAggregation.Each"/> returns the inputs unchanged; the other
    /// aggregations return one series named after the aggregation. Grid points where no series is alive are dropped.
    /// </summary>
    public static IReadOnlyList<AlignedSeries> Aggregate(IReadOnlyList<AlignedSeries> series, ExecutorAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (aggregation == ExecutorAggregation.Each)
        {
            return series;
        }

        var name = aggregation.ToString().ToLowerInvariant();
        var skipped = series.Sum(s => s.SkippedNonFinite);
        var live = series.Where(s => !s.IsEmpty).ToList();
        if (live.Count == 0)
        {
            return [AlignedSeries.Empty(name, skipped)];
        }

        var grid = UnionGrid(live);
        var cursors = new int[live.Count];
        var outSeconds = new List<double>(grid.Count);
        var outValues = new List<double>(grid.Count);
        foreach (var t in grid)
        {
            double sum = 0, max = double.NegativeInfinity;
            var n = 0;
            for (var k = 0; k < live.Count; k++)
            {
                var s = live[k];
                if (t < s.Seconds[0] - ToleranceSeconds || t > s.Seconds[^1] + ToleranceSeconds)
                {
                    continue;
                }

                while (cursors[k] + 1 < s.Count && s.Seconds[cursors[k] + 1] <= t + ToleranceSeconds)
                {
                    cursors[k]++;
                }

                var v = s.Values[cursors[k]];
                sum += v;
                max = Math.Max(max, v);
                n++;
            }

            if (n == 0)
            {
                continue;
            }

            outSeconds.Add(t);
            outValues.Add(aggregation switch
            {
                ExecutorAggregation.Sum => sum,
                ExecutorAggregation.Max => max,
                _ => sum / n,
            });
        }

        return [new AlignedSeries(name, outSeconds.ToArray(), outValues.ToArray(), skipped)];
    }

    /// <summary>
    /// The sorted union of the series' timestamps (points closer than the tolerance count once). The series are
    /// already sorted, so they are merged in linear time; series of one range query share the same grid and are
    /// recognised without any work (with 200 executors this is the common case).
    /// </summary>
    private static List<double> UnionGrid(IReadOnlyList<AlignedSeries> series)
    {
        var grid = new List<double>(series[0].Seconds.Length);
        foreach (var t in series[0].Seconds)
        {
            if (grid.Count == 0 || t - grid[^1] > ToleranceSeconds) grid.Add(t);
        }

        var merged = new List<double>(grid.Count);
        for (var k = 1; k < series.Count; k++)
        {
            var next = series[k].Seconds;
            if (SameGrid(grid, next)) continue;
            merged.Clear();
            int a = 0, b = 0;
            while (a < grid.Count || b < next.Length)
            {
                var t = b >= next.Length || (a < grid.Count && grid[a] <= next[b]) ? grid[a++] : next[b++];
                if (merged.Count == 0 || t - merged[^1] > ToleranceSeconds) merged.Add(t);
            }
            (grid, merged) = (merged, grid);
        }

        return grid;
    }

    private static bool SameGrid(List<double> grid, double[] seconds)
    {
        if (grid.Count != seconds.Length) return false;
        for (var i = 0; i < seconds.Length; i++)
        {
            if (Math.Abs(grid[i] - seconds[i]) > ToleranceSeconds) return false;
        }
        return true;
    }
}
