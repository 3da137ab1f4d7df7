using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Computes a <see cref="Statistic"/> of one run's metric data, combining executors as asked.
/// </summary>
/// <remarks>
/// Rules by kind: a <see cref="MetricKind.Counter"/> supports only <see cref="Statistic.Increase"/>; a
/// <see cref="MetricKind.RunningPeak"/> supports only <see cref="Statistic.Peak"/> (its final value inside the run,
/// per executor, then summed/maxed/averaged — it is never averaged over time); a <see cref="MetricKind.Gauge"/>
/// supports Peak, Mean, P95 and Integral of the aggregated series. Increase is computed per executor and then combined,
/// so executors that start late are not penalised. The driver is a single series and ignores the aggregation.
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

        if (data.Scope == MetricScope.Driver && data.Series.Count > 1)
        {
            // A driver has one series; several mean the query matched too much. Refuse rather than mix them.
            return StatisticResult.NotAvailable($"{data.Series.Count} driver series for run {data.Run.Id}; expected one");
        }

        var skipped = 0;
        var effective = data.Scope == MetricScope.Driver ? ExecutorAggregation.Max : aggregation;
        double? value;
        if (statistic == Statistic.Increase || data.Kind == MetricKind.RunningPeak)
        {
            // Per series first, then combine: a late executor contributes its own increase / final value. Read straight
            // from the raw samples inside the run (the same window and finiteness rules as RunAlignment.Align), with no
            // aligned copy: with 200 executors these rows were most of a comparison's allocations.
            var start = RunAlignment.UnixSeconds(data.Run.Start);
            var end = RunAlignment.UnixSeconds(data.Run.End);
            var perSeries = new List<double>(data.Series.Count);
            foreach (var raw in data.Series)
            {
                var v = statistic == Statistic.Increase ? SeriesStatistics.IncreaseInside(raw, start, end, ref skipped) : SeriesStatistics.FinalInside(raw, start, end, ref skipped);
                if (v.HasValue) perSeries.Add(v.Value);
            }

            value = perSeries.Count == 0 ? null : Combine(perSeries, effective);
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
        var aligned = RunAlignment.AlignAll(data);
        return aligned
            .Select((a, i) => (a.Name, Compute(data with { Series = [data.Series[i]] }, statistic, ExecutorAggregation.Max)))
            .ToList();
    }

    private static string? KindError(MetricKind kind, Statistic statistic) => (kind, statistic) switch
    {
        (MetricKind.Counter, not Statistic.Increase) =>
            $"{Name(statistic)} of a counter is meaningless; use increase (or a rate() query, which is a gauge)",
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
