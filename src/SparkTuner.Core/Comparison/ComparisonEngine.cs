using System.Globalization;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Compares a baseline side with a candidate side (each one run or a group of repeated runs) over a list of summary rows.
/// Pure: the caller fetches the data (e.g. prefetched into a dictionary keyed by (run id, metric id, scope)) and hands
/// it in through <c>dataFor</c>.
/// </summary>
public static class ComparisonEngine
{
    /// <summary>The row note used when the exporter has no query for a metric (<c>dataFor</c> returned null).</summary>
    public const string NotAvailableWithExporter = "not available with this exporter";

    /// <summary>
    /// Computes every row. For each run the row's statistic is computed (<see cref="RunStatistics.Compute"/>), each
    /// side's value is the mean over its runs that have one, and RIP, % change, interval and verdict come from
    /// <see cref="NoiseEstimator.Assess"/>.
    /// </summary>
    /// <param name="baseline">Runs of the baseline side (at least one).</param>
    /// <param name="candidate">Runs of the candidate side (at least one, none shared with the baseline).</param>
    /// <param name="rows">The summary rows to compute, in display order.</param>
    /// <param name="metrics">The catalog, by metric id: direction, unit, group. Duration rows need no entry.</param>
    /// <param name="dataFor">The data of a run for a row; null means the exporter has no query for the metric
    /// ("not available with this exporter"); a result with no series means "no data for run X".</param>
    /// <param name="options">Labels, bootstrap and thresholds; <see cref="ComparisonOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A side is empty or a run is on both sides.</exception>
    public static ComparisonResult Compare(
        IReadOnlyList<SparkRun> baseline,
        IReadOnlyList<SparkRun> candidate,
        IReadOnlyList<SummarySpec> rows,
        IReadOnlyDictionary<string, MetricDefinition> metrics,
        Func<SparkRun, SummarySpec, RunMetricData?> dataFor,
        ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(dataFor);
        options ??= ComparisonOptions.Default;

        if (baseline.Count == 0)
        {
            throw new ArgumentException("the baseline side has no runs", nameof(baseline));
        }

        if (candidate.Count == 0)
        {
            throw new ArgumentException("the candidate side has no runs", nameof(candidate));
        }

        var shared = baseline.Select(r => r.Id).Intersect(candidate.Select(r => r.Id), StringComparer.Ordinal).ToList();
        if (shared.Count > 0)
        {
            throw new ArgumentException($"run {string.Join(", ", shared)} is on both sides; a run can only be baseline or candidate", nameof(candidate));
        }

        var partial = PartialNote(baseline.Concat(candidate));
        var result = new ComparisonResult(
            Side(options.BaselineLabel, baseline),
            Side(options.CandidateLabel, candidate),
            rows.Select(spec => Row(spec, baseline, candidate, metrics, dataFor, options))
                .Select(row => partial is null ? row : Partial(row, partial))
                .ToList(),
            Warnings(baseline, candidate, options));
        return result;
    }

    /// <summary>
    /// A row of a comparison with a running run keeps its values (so far) but gets no better/worse verdict: a run that
    /// has not finished has not done the same work, so "−60 %, better" would be false. It reads as informational.
    /// </summary>
    private static SummaryRow Partial(SummaryRow row, string partial)
    {
        var judged = row.Verdict is Verdict.Better or Verdict.Worse or Verdict.WithinNoise;
        return row with
        {
            Note = JoinNotes(row.Note, partial),
            Verdict = judged ? Verdict.Informational : row.Verdict,
            VerdictReason = judged ? "no verdict while a run is still running" : row.VerdictReason,
        };
    }

    /// <summary>
    /// The note every row of a comparison gets while a compared run is still running (<see cref="RunState.Running"/>):
    /// "partial: run ID is still running" per such run, joined with "; ". Both sides enter every row (its RIP and
    /// % change), so one running run makes every row partial, duration included. Null when every run has completed.
    /// </summary>
    public static string? PartialNote(IEnumerable<SparkRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var running = runs.Where(r => r.State == RunState.Running).Select(r => $"partial: run {r.Id} is still running").ToList();
        return running.Count == 0 ? null : string.Join("; ", running);
    }

    /// <summary>Joins the non-null notes with "; "; null when there is none.</summary>
    public static string? JoinNotes(params string?[] notes) =>
        notes.Any(n => n is not null) ? string.Join("; ", notes.Where(n => n is not null)) : null;

    private static SideInfo Side(string label, IReadOnlyList<SparkRun> runs) =>
        new(label, runs.Select(r => new RunInfo(r.Id, r.Name, r.Start, r.End, r.Duration.TotalSeconds, r.State)).ToList());

    private static List<string> Warnings(IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, ComparisonOptions options)
    {
        var warnings = new List<string>();
        var all = baseline.Concat(candidate).ToList();
        var running = all.Where(r => r.State == RunState.Running).Select(r => r.Id).ToList();
        if (running.Count > 0)
        {
            warnings.Add(running.Count == 1
                ? $"run {running[0]} is still running: its duration and totals are values so far, not final (every row is partial)"
                : $"runs {string.Join(", ", running)} are still running: their durations and totals are values so far, not final (every row is partial)");
        }

        var shortest = all.MinBy(r => r.Duration)!;
        var longest = all.MaxBy(r => r.Duration)!;
        if (shortest.Duration > TimeSpan.Zero && longest.Duration.TotalSeconds > options.LengthWarningRatio * shortest.Duration.TotalSeconds)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"runs differ a lot in length: {longest.Id} ({longest.Duration.TotalSeconds:0.#} s) is more than {options.LengthWarningRatio:0.#}× {shortest.Id} ({shortest.Duration.TotalSeconds:0.#} s); check they did the same work"));
        }
        else if (shortest.Duration <= TimeSpan.Zero)
        {
            warnings.Add($"run {shortest.Id} has no duration (start = end)");
        }

        return warnings;
    }

    private static SummaryRow Row(
        SummarySpec spec,
        IReadOnlyList<SparkRun> baseline,
        IReadOnlyList<SparkRun> candidate,
        IReadOnlyDictionary<string, MetricDefinition> metrics,
        Func<SparkRun, SummarySpec, RunMetricData?> dataFor,
        ComparisonOptions options)
    {
        metrics.TryGetValue(spec.MetricId, out var definition);
        var unit = spec.Statistic == Statistic.Duration ? MetricUnit.Seconds : definition?.Unit ?? MetricUnit.Count;
        var better = spec.Statistic == Statistic.Duration ? Direction.LowerIsBetter : definition?.Better ?? Direction.Neutral;
        var group = definition?.Group ?? (spec.Statistic == Statistic.Duration ? "run" : string.Empty);

        SummaryRow Make(SideOutcome b, SideOutcome c, double? percent, double? rip, RipInterval? ci, Verdict verdict, string? note, string? noiseNote, string? reason = null) =>
            new(spec.Id, spec.MetricId, spec.DisplayName, group, unit, spec.Scope, spec.Statistic, spec.Aggregation, better,
                b.Mean, c.Mean, b.Spread, c.Spread, percent, rip, ci, verdict, note, noiseNote, reason);

        if (definition is null && spec.Statistic != Statistic.Duration)
        {
            var empty = new SideOutcome(null, null, []);
            return Make(empty, empty, null, null, null, Verdict.NotAvailable, $"metric {spec.MetricId} is not in the catalog", null);
        }

        var b = Evaluate("baseline", baseline, spec, dataFor);
        var c = Evaluate("candidate", candidate, spec, dataFor);
        var notes = ReadNotes(b, c, baseline.Count + candidate.Count).Concat(b.Notes).Concat(c.Notes).Distinct().ToList();
        var note = notes.Count == 0 ? null : string.Join("; ", notes);
        if (b.Mean is null || c.Mean is null)
        {
            return Make(b, c, null, null, null, Verdict.NotAvailable, note, null);
        }

        var assessment = NoiseEstimator.Assess(b.Values, c.Values, better, options);
        return Make(b, c, assessment.Change.PercentChange, assessment.Change.Rip, assessment.Ci95, assessment.Verdict, note, assessment.NoiseNote, assessment.VerdictReason);
    }

    private sealed record SideOutcome(double? Mean, Spread? Spread, List<string> Notes)
    {
        public List<double> Values { get; init; } = [];

        /// <summary>What reading each run's data said (copies collapsed, a fallback name), by run.</summary>
        public List<(string RunId, string Note)> ReadNotes { get; init; } = [];

        public string Side { get; init; } = "";

        public int RunCount { get; init; }
    }

    /// <summary>
    /// The data-reading notes of both sides, each once: as is when every run of the comparison has it, otherwise with
    /// the side (or the runs) it applies to, so "Spark 3.0 names read" says whose data it was.
    /// </summary>
    private static IEnumerable<string> ReadNotes(SideOutcome b, SideOutcome c, int runCount)
    {
        var all = b.ReadNotes.Select(n => (Side: b.Side, n.RunId, n.Note)).Concat(c.ReadNotes.Select(n => (Side: c.Side, n.RunId, n.Note)));
        foreach (var group in all.GroupBy(n => n.Note))
        {
            var runs = group.Select(n => n.RunId).Distinct().ToList();
            var sides = group.Select(n => n.Side).Distinct().ToList();
            if (runs.Count == runCount)
            {
                yield return group.Key;
            }
            else if (sides.Count == 1 && runs.Count == (sides[0] == b.Side ? b.RunCount : c.RunCount))
            {
                yield return $"{sides[0]}: {group.Key}";
            }
            else
            {
                yield return $"{group.Key} (run {string.Join(", ", runs)})";
            }
        }
    }

    private static SideOutcome Evaluate(string sideName, IReadOnlyList<SparkRun> runs, SummarySpec spec, Func<SparkRun, SummarySpec, RunMetricData?> dataFor)
    {
        var perRun = new List<RunValue>(runs.Count);
        var values = new List<double>(runs.Count);
        var reasons = new List<(string RunId, string Reason)>();
        var readNotes = new List<(string RunId, string Note)>();
        var whole = new HashSet<string>(StringComparer.Ordinal); // reasons that hold for the metric, not for one run
        var skipped = 0;
        foreach (var run in runs)
        {
            StatisticResult stat;
            if (run.Duration <= TimeSpan.Zero)
            {
                // One scrape (start = end): no duration, no increase, no mean — nothing was measured over time.
                stat = StatisticResult.NotAvailable($"run {run.Id} has a single scrape (start = end): nothing was measured over time");
            }
            else if (spec.Statistic == Statistic.Duration)
            {
                stat = StatisticResult.Of(run.Duration.TotalSeconds);
            }
            else
            {
                var data = dataFor(run, spec);
                readNotes.AddRange((data?.Notes ?? []).Select(n => (run.Id, n)));
                stat = data is null
                    ? StatisticResult.NotAvailable(NotAvailableWithExporter)
                    : data.NotAvailableReason is { } why
                        ? StatisticResult.NotAvailable(why)
                        : RunStatistics.Compute(data with { Run = run }, spec.Statistic, spec.Aggregation);
                if (data?.NotAvailableReason is { } reason) whole.Add(reason);
            }

            skipped += stat.SkippedSamples;
            perRun.Add(new RunValue(run.Id, stat.Value));
            if (stat.Value is { } v)
            {
                values.Add(v);
            }
            else
            {
                reasons.Add((run.Id, stat.Reason ?? $"no data for run {run.Id}"));
            }
        }

        var notes = new List<string>();
        // "no data for run X" says nothing more when reading the data already said why (what was looked for).
        var explained = readNotes.Select(n => n.RunId).ToHashSet(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            var distinct = reasons.Where(r => !(explained.Contains(r.RunId) && r.Reason == $"no data for run {r.RunId}"))
                .Select(r => r.Reason).Distinct().ToList();
            if (distinct.Count > 0)
            {
                notes.Add(distinct.Count == 1 && (distinct[0] == NotAvailableWithExporter || whole.Contains(distinct[0]))
                    ? distinct[0]
                    : $"no data for the {sideName}: {string.Join("; ", distinct)}");
            }
        }
        else if (reasons.Count > 0)
        {
            foreach (var (runId, reason) in reasons)
            {
                notes.Add($"missing for run {runId} ({reasons.Count} of {runs.Count} runs of the {sideName}: {reason}); computed from the others");
            }
        }

        if (skipped > 0)
        {
            notes.Add($"{sideName}: {skipped} samples skipped (NaN/Inf)");
        }

        if (values.Count == 0)
        {
            return new SideOutcome(null, null, notes) { ReadNotes = readNotes, Side = sideName, RunCount = runs.Count };
        }

        var mean = values.Average();
        double? sd = values.Count < 2 ? null : Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
        return new SideOutcome(mean, new Spread(sd, values.Min(), values.Max(), values.Count, perRun), notes)
        {
            Values = values,
            ReadNotes = readNotes,
            Side = sideName,
            RunCount = runs.Count,
        };
    }
}
