using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Computes a <see cref="Statistic"/> of one run's metric data, combining executors as asked.
/// </summary>
/// <remarks>
/// Rules by kind of the samples handed in: a <see cref="MetricKind.Counter"/> gives its total over the run
/// (<see cref="SeriesStatistics.CounterTotal"/> on raw samples) for <see cref="Statistic.Increase"/> and for
/// <see cref="Statistic.Integral"/> (the integral of the counter's rate is the counter's increase: CPU core·s, bytes),
/// and total ÷ run duration for <see cref="Statistic.Mean"/>; totals are summed per executor (its series: network
/// interfaces) and then combined across executors. A <see cref="MetricKind.RunningPeak"/> supports only
/// <see cref="Statistic.Peak"/> (its final value, per executor, then summed/maxed/averaged — never averaged over time);
/// a <see cref="MetricKind.Gauge"/> supports Peak, Mean, P95 and Integral of the aggregated series
/// (<see cref="RunAlignment.Aggregate"/>). The driver is a single process and ignores the aggregation.
/// </remarks>
public static class RunStatistics
{
    /// <summary>Computes <paramref name="statistic"/> for <paramref name="data"/>; never returns NaN or infinity.</summary>
    public static StatisticResult Compute(RunMetricData data, Statistic statistic, ExecutorAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (statistic == Statistic.Duration)
        {
            return StatisticResult.Of(data.Run.Duration.TotalSeconds);
        }

        if (data.IsEmpty)
        {
            return StatisticResult.NotAvailable($"no data for run {data.Run.Id}");
        }

        if (data.Scope == MetricScope.Executor && aggregation == ExecutorAggregation.Each && statistic != Statistic.Duration)
        {
            return StatisticResult.NotAvailable("aggregation 'each' gives one value per executor, not one per run; use ComputePerExecutor");
        }

        var kindError = KindError(data.Kind, statistic);
        if (kindError is not null)
        {
            return StatisticResult.NotAvailable(kindError);
        }

        if (data.Scope == MetricScope.Driver && data.Kind != MetricKind.Counter && AtOnce(data.Series))
        {
            // A driver has one series; several mean the query matched too much. Refuse rather than mix them.
            return StatisticResult.NotAvailable($"{data.Series.Count} driver series for run {data.Run.Id}; expected one");
        }

        var skipped = 0;
        var effective = data.Scope == MetricScope.Driver ? ExecutorAggregation.Max : aggregation;
        double? value;
        var start = RunAlignment.UnixSeconds(data.Run.Start);
        var end = RunAlignment.UnixSeconds(data.Run.End);
        if (data.Kind == MetricKind.Counter)
        {
            // Per executor: the sum of its series' totals (several network interfaces, say); then executors combined.
            // The driver's series (interfaces) are summed: its "aggregation" is one process.
            var perExecutor = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < data.Series.Count; i++)
            {
                var raw = data.Series[i];
                var v = data.Reduced ? Only(raw)
                    : data.RawSamples
                    ? SeriesStatistics.CounterTotal(raw, start, end, data.ClosingSeconds, ref skipped, data.FirstSeen?[i] ?? double.PositiveInfinity)
                    : SeriesStatistics.IncreaseInside(raw, start, end, ref skipped);
                if (v is not { } total) continue;
                var key = ExecutorKey(data, i);
                perExecutor[key] = perExecutor.GetValueOrDefault(key) + total;
            }

            value = perExecutor.Count == 0 ? null : Combine(perExecutor.Values.ToList(), data.Scope == MetricScope.Driver ? ExecutorAggregation.Sum : effective);
            if (value is { } increase && statistic == Statistic.Mean)
            {
                // The mean rate of a counter over the run: its total ÷ the run's duration (core·s ÷ s = cores).
                var seconds = data.Run.Duration.TotalSeconds;
                value = seconds > 0 ? increase / seconds : null;
                if (seconds <= 0) return StatisticResult.NotAvailable($"run {data.Run.Id} has no duration, so no mean rate", skipped);
            }
        }
        else if (data.Kind == MetricKind.RunningPeak)
        {
            // Per series first, then combine: a late executor contributes its own final value. Read straight from the
            // raw samples inside the run, with no aligned copy.
            // An executor's incarnations (series of one executor that follow each other) count with their largest peak.
            var perExecutor = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < data.Series.Count; i++)
            {
                var raw = data.Series[i];
                var v = data.Reduced ? Only(raw)
                    : data.RawSamples
                    ? SeriesStatistics.PeakRaw(raw, start, end, data.ClosingSeconds, ref skipped)
                    : SeriesStatistics.FinalInside(raw, start, end, ref skipped);
                if (v is not { } peak) continue;
                var key = ExecutorKey(data, i);
                perExecutor[key] = perExecutor.TryGetValue(key, out var other) ? Math.Max(other, peak) : peak;
            }

            value = perExecutor.Count == 0 ? null : Combine(perExecutor.Values.ToList(), effective);
        }
        else if (data.Reduced)
        {
            // Each series' largest sample inside the run: the peak of the Max aggregate, and nothing else.
            if (statistic != Statistic.Peak || effective != ExecutorAggregation.Max)
            {
                return StatisticResult.NotAvailable($"{Name(statistic)} ({effective}) needs the samples; this data holds one peak per series");
            }

            var peaks = data.Series.Select(Only).OfType<double>().ToList();
            value = peaks.Count == 0 ? null : peaks.Max();
        }
        else
        {
            var aligned = RunAlignment.AlignAll(data);
            skipped = aligned.Sum(a => a.SkippedNonFinite);
            var series = RunAlignment.Aggregate(aligned, effective)[0];
            value = statistic switch
            {
                Statistic.Peak => SeriesStatistics.Peak(series),
                Statistic.Mean => SeriesStatistics.Mean(series),
                Statistic.P95 => SeriesStatistics.Quantile(series, 0.95),
                Statistic.Integral => SeriesStatistics.Integral(series),
                _ => null,
            };
        }

        if (value is null)
        {
            var why = skipped > 0
                ? $"no finite sample inside run {data.Run.Id} ({skipped} samples skipped (NaN/Inf))"
                : $"no sample inside run {data.Run.Id}";
            return StatisticResult.NotAvailable(why, skipped);
        }

        return double.IsFinite(value.Value)
            ? StatisticResult.Of(value.Value, skipped)
            : StatisticResult.NotAvailable($"non-finite result for run {data.Run.Id}", skipped);
    }

    /// <summary>The statistic per executor (aggregation "each"): one result per executor series, keyed by its name.</summary>
    public static IReadOnlyList<(string Executor, StatisticResult Result)> ComputePerExecutor(RunMetricData data, Statistic statistic)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Reduced)
        {
            return data.Series
                .Select((s, i) => (ExecutorKey(data, i), Compute(Single(data, i), statistic, ExecutorAggregation.Max)))
                .ToList();
        }

        var aligned = RunAlignment.AlignAll(data);
        return aligned
            .Select((a, i) => (a.Name, Compute(Single(data, i), statistic, ExecutorAggregation.Max)))
            .ToList();
    }

    /// <summary>Series <paramref name="i"/> of <paramref name="data"/> alone, with its own first-seen time.</summary>
    private static RunMetricData Single(RunMetricData data, int i) =>
        data with { Series = [data.Series[i]], FirstSeen = data.FirstSeen is { } seen ? [seen[i]] : null };

    /// <summary>The single value of a reduced series (<see cref="RunMetricData.Reduced"/>), null when it has none.</summary>
    private static double? Only(Series.TimeSeries s) => s.Count > 0 && double.IsFinite(s.Values[0]) ? s.Values[0] : null;

    /// <summary>Which executor series <paramref name="i"/> belongs to ("driver" for the driver scope).</summary>
    private static string ExecutorKey(RunMetricData data, int i) =>
        data.Scope == MetricScope.Driver ? "driver" : (data.ExecutorLabel is null ? null : data.Series[i].Label(data.ExecutorLabel)) ?? $"#{i}";

    /// <summary>True when two of the series have samples at the same time (two drivers, not one driver's successive containers).</summary>
    private static bool AtOnce(IReadOnlyList<Series.TimeSeries> series)
    {
        var spans = series.Where(s => s.Count > 0).Select(s => (First: s.Timestamps[0], Last: s.Timestamps[^1])).OrderBy(s => s.First).ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            if (spans[i].First <= spans[i - 1].Last) return true;
        }

        return false;
    }

    private static string? KindError(MetricKind kind, Statistic statistic) => (kind, statistic) switch
    {
        (MetricKind.Counter, Statistic.Peak or Statistic.P95) =>
            $"{Name(statistic)} of a counter is meaningless; use increase, or the rate() chart for its {Name(statistic)}",
        (MetricKind.RunningPeak, Statistic.Mean or Statistic.P95 or Statistic.Integral) =>
            $"{Name(statistic)} is not available for a running peak: it is the peak since process start, not current usage",
        (MetricKind.RunningPeak or MetricKind.Gauge, Statistic.Increase) =>
            "increase needs a counter",
        _ => null,
    };

    private static string Name(Statistic s) => s.ToString().ToLowerInvariant();

    private static double Combine(IReadOnlyList<double> values, ExecutorAggregation aggregation) => aggregation switch
    {
        ExecutorAggregation.Sum => values.Sum(),
        ExecutorAggregation.Max => values.Max(),
        _ => values.Average(),
    };
}
