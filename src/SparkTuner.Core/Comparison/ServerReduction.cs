using System.Globalization;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Comparison;

/// <summary>What Prometheus reduces each series of a run to, instead of returning its raw samples.</summary>
public enum ReductionKind
{
    /// <summary>A counter's total over the run, as <see cref="SeriesStatistics.CounterTotal"/> computes it.</summary>
    CounterTotal,

    /// <summary>A running peak's peak, as <see cref="SeriesStatistics.PeakRaw"/> computes it.</summary>
    RunningPeak,

    /// <summary>A gauge's largest finite sample inside the run, the peak of the Max aggregate (<see cref="RunAlignment.Aggregate"/>).</summary>
    GaugePeak,
}

/// <summary>One run's part of a reduction query: its key, its rendered raw selector and its bounds.</summary>
/// <param name="Key">The run's id (only used to give each run's answer back).</param>
/// <param name="Selector">The run's raw selector, as <see cref="MetricCatalog.BuildRawSelectors"/> renders it.</param>
/// <param name="Start">The run's start (first sample, or Spark's clock).</param>
/// <param name="End">The run's end.</param>
public sealed record ReductionWindow(string Key, string Selector, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// A run's reduced series — label sets with one value each, <see cref="RunMetricData.Reduced"/> data — or why it has to
/// be read raw.
/// </summary>
/// <param name="Series">Each series' labels (no <c>__name__</c>) with its single reduced value at the run's end; null when <paramref name="Fallback"/> is set.</param>
/// <param name="Fallback">Why the reduction is not exact for this run (then its raw samples are read).</param>
public sealed record RunReduction(IReadOnlyList<TimeSeries>? Series, string? Fallback);

/// <summary>
/// Statistics that Prometheus computes over the raw samples, returning one number per series and not every sample — and
/// only where that number is the one the raw-sample rules give (<see cref="SeriesStatistics"/>); everywhere else the
/// run is read raw.
/// </summary>
/// <remarks>
/// <para>All windows are closed intervals in milliseconds, as Prometheus 2.x selects <c>x[d] @ t</c> (samples with
/// t − d ≤ timestamp ≤ t; see <c>promql/engine.go</c>, <c>matrixIterSlice</c>). S and E are the run's start and end,
/// P the pad (one scrape interval, the raw read's widening and the closing-scrape allowance), 1 ms the alignment
/// tolerance (<see cref="RunAlignment.ToleranceSeconds"/>). Per series of a run, one query returns:</para>
/// <list type="bullet">
/// <item><c>fin</c> = <c>sum_over_time</c> over the whole raw read [S−P, E+P] (<see cref="ReductionKind.GaugePeak"/>:
/// [S−1, E+1]): finite exactly when no sample there is NaN or ±Inf (the raw rules skip those and count them; the
/// reduction does not, so it falls back);</item>
/// <item><c>ncl</c> = <c>count_over_time</c> over the closing zone [E+2, E+P]: the raw rules use only the first sample
/// after the end, so more than one falls back (a later sample could be larger);</item>
/// <item>counters: <c>last</c>, <c>min</c> and <c>resets</c> over the used window [S−1, E+P]; <c>there</c> =
/// <c>count_over_time</c> over [S−P, S+1] (the series was there at the start) and <c>before</c> = <c>last_over_time</c>
/// over [S−P, S−2] (its last value before the run). Without resets a counter's first used sample is its minimum, so
/// its total is last − min, or last when it was born during the run or restarted just before it (min &lt; before):
/// <see cref="SeriesStatistics.CounterTotal"/> step by step. Any reset falls back;</item>
/// <item>running peaks and gauges: <c>max_over_time</c> over [S−1, E+P] (gauges: [S−1, E+1], no closing scrape).</item>
/// </list>
/// <para>Two series of one run with one identity (<see cref="SeriesIdentity"/>: HA replicas, relabelled copies) fall
/// back, since collapsing copies needs their samples. Each part is tagged with <see cref="PartLabel"/> and
/// <see cref="RunLabel"/> through <c>label_replace</c> and the parts are joined with <c>or</c>, so one instant query
/// serves every run of both sides.</para>
/// </remarks>
public static class ServerReduction
{
    /// <summary>The label naming each part of the answer (fin, ncl, last, …).</summary>
    public const string PartLabel = "sparktuner_part";

    /// <summary>The label carrying the run's index in the query.</summary>
    public const string RunLabel = "sparktuner_run";

    /// <summary>The reduction a raw selector of <paramref name="kind"/> allows, or null.</summary>
    public static ReductionKind For(MetricKind kind) => kind switch
    {
        MetricKind.Counter => ReductionKind.CounterTotal,
        MetricKind.RunningPeak => ReductionKind.RunningPeak,
        _ => ReductionKind.GaugePeak,
    };

    /// <summary>
    /// Whether every (statistic, aggregation) of <paramref name="uses"/> can be computed from <paramref name="kind"/>'s
    /// values (<see cref="RunStatistics"/>): a counter's total serves increase, integral and mean rate under any
    /// aggregation; a running peak serves peak; a gauge's per-series peak serves only the peak of the Max aggregate.
    /// </summary>
    public static bool Serves(ReductionKind kind, IEnumerable<(Statistic Statistic, ExecutorAggregation Aggregation)> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        return uses.All(u => kind switch
        {
            ReductionKind.CounterTotal => u.Statistic is Statistic.Increase or Statistic.Integral or Statistic.Mean,
            ReductionKind.RunningPeak => u.Statistic == Statistic.Peak,
            _ => u.Statistic == Statistic.Peak && u.Aggregation is ExecutorAggregation.Max or ExecutorAggregation.Each,
        });
    }

    /// <summary>The parts a reduction asks for per run.</summary>
    private static IReadOnlyList<string> Parts(ReductionKind kind) => kind switch
    {
        ReductionKind.CounterTotal => ["fin", "ncl", "last", "min", "resets", "there", "before"],
        ReductionKind.RunningPeak => ["fin", "ncl", "max"],
        _ => ["fin", "max"],
    };

    /// <summary>
    /// The one instant query of <paramref name="windows"/> (see the remarks for its windows). Its evaluation time does
    /// not matter: every part carries its own <c>@</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No window, or a pad under 3 ms (the windows would overlap).</exception>
    public static string Query(ReductionKind kind, IReadOnlyList<ReductionWindow> windows, TimeSpan pad)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0) throw new ArgumentException("no run to reduce", nameof(windows));
        var p = (long)pad.TotalMilliseconds;
        if (p < 3) throw new ArgumentException("the pad must be at least 3 ms", nameof(pad));
        var parts = new List<string>();
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            var s = w.Start.ToUnixTimeMilliseconds();
            var e = Math.Max(s, w.End.ToUnixTimeMilliseconds());
            foreach (var part in Parts(kind))
            {
                var expr = (kind, part) switch
                {
                    (ReductionKind.GaugePeak, "fin") => Over("sum_over_time", w.Selector, s - 1, e + 1),
                    (ReductionKind.GaugePeak, "max") => Over("max_over_time", w.Selector, s - 1, e + 1),
                    (_, "fin") => Over("sum_over_time", w.Selector, s - p, e + p),
                    (_, "ncl") => Over("count_over_time", w.Selector, e + 2, e + p),
                    (_, "max") => Over("max_over_time", w.Selector, s - 1, e + p),
                    (_, "last") => Over("last_over_time", w.Selector, s - 1, e + p),
                    (_, "min") => Over("min_over_time", w.Selector, s - 1, e + p),
                    (_, "resets") => Over("resets", w.Selector, s - 1, e + p),
                    (_, "there") => Over("count_over_time", w.Selector, s - p, s + 1),
                    _ => Over("last_over_time", w.Selector, s - p, s - 2),
                };
                parts.Add($"label_replace(label_replace({expr}, \"{PartLabel}\", \"{part}\", \"\", \"\"), \"{RunLabel}\", \"{i}\", \"\", \"\")");
            }
        }

        return string.Join(" or ", parts);
    }

    /// <summary><paramref name="function"/> of <paramref name="selector"/> over the closed window [from, to] (ms).</summary>
    private static string Over(string function, string selector, long from, long to) =>
        string.Create(CultureInfo.InvariantCulture, $"{function}({selector}[{to - from}ms] @ {to / 1000}.{to % 1000:D3})");

    /// <summary>
    /// Reads the answer of <see cref="Query"/>: per window key, the reduced series or why the run falls back. A run
    /// with no series at all also falls back (its raw read then says why, or finds a fallback selector).
    /// </summary>
    /// <param name="kind">The reduction asked for.</param>
    /// <param name="windows">The windows the query was built from, in the same order.</param>
    /// <param name="answer">The instant vector Prometheus returned.</param>
    /// <param name="identity">Labels that identify a series (the profile's, see <see cref="SeriesIdentity"/>).</param>
    /// <param name="copyLabels">Labels that tell copies of one series apart.</param>
    public static IReadOnlyDictionary<string, RunReduction> Read(
        ReductionKind kind, IReadOnlyList<ReductionWindow> windows, IReadOnlyList<InstantSample> answer,
        IReadOnlyList<string> identity, IReadOnlyList<string> copyLabels)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(answer);
        // run index → series key → (labels, part → value)
        var byRun = new Dictionary<int, Dictionary<string, (Dictionary<string, string> Labels, Dictionary<string, double> Parts)>>();
        foreach (var sample in answer)
        {
            if (!sample.Labels.TryGetValue(RunLabel, out var runText) || !int.TryParse(runText, NumberStyles.None, CultureInfo.InvariantCulture, out var run)
                || run < 0 || run >= windows.Count || !sample.Labels.TryGetValue(PartLabel, out var part))
            {
                continue;
            }

            var labels = sample.Labels.Where(l => l.Key is not (RunLabel or PartLabel or "__name__")).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            var key = RawSampleReader.LabelKey(labels);
            if (!byRun.TryGetValue(run, out var series)) byRun[run] = series = new(StringComparer.Ordinal);
            if (!series.TryGetValue(key, out var entry)) series[key] = entry = (labels, new Dictionary<string, double>(StringComparer.Ordinal));
            entry.Parts[part] = sample.Value;
        }

        var result = new Dictionary<string, RunReduction>(StringComparer.Ordinal);
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            result[w.Key] = byRun.TryGetValue(i, out var series)
                ? ReadRun(kind, w, series.Values.ToList(), identity, copyLabels)
                : new RunReduction(null, "no series");
        }

        return result;
    }

    private static RunReduction ReadRun(
        ReductionKind kind, ReductionWindow window, IReadOnlyList<(Dictionary<string, string> Labels, Dictionary<string, double> Parts)> series,
        IReadOnlyList<string> identity, IReadOnlyList<string> copyLabels)
    {
        var kept = new List<TimeSeries>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var end = RunAlignment.UnixSeconds(window.End);
        foreach (var (labels, parts) in series)
        {
            var ts = new TimeSeries(labels, [end], [0]);
            if (!keys.Add(SeriesIdentity.Key(ts, identity, copyLabels)))
            {
                return new RunReduction(null, "copies of one series (HA replicas or relabelled targets) are collapsed from their samples");
            }

            if (!parts.TryGetValue("fin", out var fin))
            {
                continue; // no sample in the read window at all
            }

            if (!double.IsFinite(fin))
            {
                return new RunReduction(null, "NaN or ±Inf samples are skipped and counted from the samples");
            }

            if (parts.GetValueOrDefault("ncl") > 1)
            {
                return new RunReduction(null, "more than one scrape after the end");
            }

            double? value = kind switch
            {
                ReductionKind.CounterTotal => CounterTotal(parts),
                _ => parts.TryGetValue("max", out var max) ? max : null,
            };
            if (value is double.NaN)
            {
                return new RunReduction(null, "a counter reset inside the run");
            }

            // A series with samples in the read but none the rules use (an executor gone before the start) is kept
            // without a value, as the raw read keeps it: n/a for that executor, nothing in the totals.
            kept.Add(value is { } v ? ts with { Values = [v] } : ts with { Timestamps = [], Values = [] });
        }

        return new RunReduction(kept, null);
    }

    /// <summary>A counter's total from its parts (see the remarks); NaN when it reset inside the run; null when unused.</summary>
    private static double? CounterTotal(Dictionary<string, double> parts)
    {
        if (!parts.TryGetValue("last", out var last) || !parts.TryGetValue("min", out var min))
        {
            return null;
        }

        if (parts.GetValueOrDefault("resets") > 0)
        {
            return double.NaN;
        }

        var there = parts.GetValueOrDefault("there") > 0;
        var restarted = parts.TryGetValue("before", out var before) && min < before;
        return there && !restarted ? last - min : last;
    }
}
