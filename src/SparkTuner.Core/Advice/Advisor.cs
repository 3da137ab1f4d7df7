using System.Globalization;
using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Advice;

/// <summary>
/// Runs every rule of <see cref="AdvisorRules.All"/> on both sides of a comparison and diffs the outcomes, builds the unified
/// memory model of each side's largest executor and driver with the measured peaks over it, and judges whether the candidate's
/// cache paid off. Pure: the REST data comes in as <see cref="AdvisorInput"/>.
/// </summary>
public static class Advisor
{
    /// <summary>A cache's effect smaller than this share of the baseline's time of the reading stages is "no clear effect".</summary>
    public const double ClearEffectShare = 0.05;

    /// <summary>The advice for <paramref name="baseline"/> against <paramref name="candidate"/>.</summary>
    public static AdviceReport Advise(AdvisorInput baseline, AdvisorInput candidate, IReadOnlyList<AdvisorRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var diffs = new List<FindingDiff>();
        foreach (var rule in rules ?? AdvisorRules.All)
        {
            var b = rule.Evaluate(rule, baseline);
            var c = rule.Evaluate(rule, candidate);
            var (bs, cs) = (b?.Severity ?? Severity.None, c?.Severity ?? Severity.None);
            if (bs == Severity.None && cs == Severity.None) continue;
            var change = bs == cs ? FindingChange.Same
                : bs == Severity.None ? FindingChange.New
                : cs == Severity.None ? FindingChange.Resolved
                : cs > bs ? FindingChange.Worse : FindingChange.Better;
            diffs.Add(new FindingDiff(rule.Id, rule.Title, rule.Source, rule.Ladder, rule.Unit, change, b, c));
        }

        // Changed first (new, worse, better, resolved), the most severe first; then the same ones.
        var ordered = diffs
            .OrderBy(d => d.Change == FindingChange.Same ? 1 : 0)
            .ThenByDescending(d => (int)Max(d.BaselineSeverity, d.CandidateSeverity))
            .ThenBy(d => d.Change)
            .ToList();

        var notes = new List<string>();
        foreach (var (side, run) in new[] { ("baseline", baseline), ("candidate", candidate) })
        {
            var defaulted = SparkMemorySettings.From(run.SparkProperties, SparkProcess.Executor).Defaulted
                .Union(SparkMemorySettings.From(run.SparkProperties, SparkProcess.Driver).Defaulted).ToList();
            if (defaulted.Count > 0) notes.Add($"{side} {run.RunId}: Spark's defaults used for {string.Join(", ", defaulted)}.");
            if (run.TaskDurations is not { Count: > 0 }) notes.Add($"{side} {run.RunId}: no task summaries, so task skew was not judged.");
        }

        var models = new List<MemoryModelView>();
        foreach (var (side, run) in new[] { ("baseline", baseline), ("candidate", candidate) })
        {
            if (MemoryView(side, run, SparkProcess.Executor) is { } e) models.Add(e);
            if (MemoryView(side, run, SparkProcess.Driver) is { } d) models.Add(d);
        }

        return new AdviceReport(baseline.RunId, candidate.RunId, ordered, models, CachePayoff(baseline, candidate), notes);
    }

    /// <summary>
    /// Loads both runs from Spark's REST API (concurrently) and advises; labels are "baseline NAME" and "candidate NAME",
    /// as on the Compare page.
    /// </summary>
    /// <exception cref="SparkTuner.Core.Series.DataSourceException">The REST API is not configured, unreachable or does not know a run.</exception>
    public static async Task<AdviceReport> AdviseAsync(ISparkHistorySource source, SparkTuner.Core.Runs.SparkRun baseline, SparkTuner.Core.Runs.SparkRun candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var b = AdvisorInput.LoadAsync(source, baseline.Id, $"baseline {baseline.Name}", cancellationToken);
        var c = AdvisorInput.LoadAsync(source, candidate.Id, $"candidate {candidate.Name}", cancellationToken);
        try
        {
            await Task.WhenAll(b, c);
        }
        catch
        {
            // Rethrown by the awaits below (the first side's failure first); both are observed here.
        }
        return Advise(await b, await c);
    }

    /// <summary>
    /// The findings a CI gate fails on: new or worse in the candidate at <paramref name="atLeast"/> or above.
    /// </summary>
    public static IReadOnlyList<FindingDiff> NewFindings(AdviceReport report, Severity atLeast)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Findings
            .Where(f => f.Change is FindingChange.New or FindingChange.Worse && f.CandidateSeverity >= atLeast && f.CandidateSeverity > Severity.None)
            .ToList();
    }

    private static Severity Max(Severity a, Severity b) => a > b ? a : b;

    private static string Bytes(double b) => SparkTuner.Core.Comparison.UnitFormatter.FormatValue(b, SparkTuner.Core.Catalog.MetricUnit.Bytes);

    private static string Pct(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0} %");

    /// <summary>
    /// The memory model of the largest executor (by peak JVM heap, else by storage memory) or of the driver, with its peaks;
    /// null when the run lists no such JVM.
    /// </summary>
    public static MemoryModelView? MemoryView(string side, AdvisorInput run, SparkProcess process)
    {
        ArgumentNullException.ThrowIfNull(run);
        var executor = process == SparkProcess.Driver
            ? run.Driver
            : run.WorkerExecutors
                .OrderByDescending(e => e.PeakMetrics?.JvmHeapMemory ?? -1)
                .ThenByDescending(e => e.MemoryUsed ?? -1)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .FirstOrDefault();
        if (executor is null) return null;
        var model = UnifiedMemoryModel.Compute(SparkMemorySettings.From(run.SparkProperties, process));
        var peaks = executor.PeakMetrics;
        long? offHeap = peaks?.OffHeapStorageMemory is { } os && peaks.OffHeapExecutionMemory is { } oe ? os + oe : null;
        var stages = run.CompletedStages;
        // Spill is a stage total over all executors: only the executors' view carries it.
        var spillMemory = process == SparkProcess.Executor ? stages.Sum(s => s.MemoryBytesSpilled ?? 0) : 0;
        var spillDisk = process == SparkProcess.Executor ? stages.Sum(s => s.DiskBytesSpilled ?? 0) : 0;
        var storagePeak = peaks?.OnHeapStorageMemory ?? executor.StorageMemory?.UsedOnHeapStorageMemory ?? executor.MemoryUsed;
        var view = new MemoryModelView(side, run.RunId, executor.Id, model, executor.MaxMemory, peaks?.JvmHeapMemory, storagePeak,
            peaks?.OnHeapExecutionMemory, peaks?.OnHeapUnifiedMemory, offHeap, spillMemory, spillDisk, []);
        return view with { Readings = Readings(view) };
    }

    private static List<string> Readings(MemoryModelView v)
    {
        var m = v.Model;
        var readings = new List<string>();
        if (v.PeakStorageBytes is { } storage)
        {
            readings.Add(storage == 0 ? "Nothing cached: the storage region stayed empty."
                : storage <= m.StorageBytes ? $"Storage (cached blocks, broadcasts) fitted in its region: peak {Bytes(storage)} of {Bytes(m.StorageBytes)} ({Pct(storage / (double)Math.Max(1, m.StorageBytes))})."
                : $"Storage borrowed {Bytes(storage - m.StorageBytes)} beyond its {Bytes(m.StorageBytes)} region (execution may evict that part).");
        }
        if (v.PeakExecutionBytes is { } execution)
        {
            readings.Add(execution > m.ExecutionBytes
                ? $"Execution borrowed {Bytes(execution - m.ExecutionBytes)} beyond its {Bytes(m.ExecutionBytes)} region: it squeezed storage (cached blocks above {Bytes(m.StorageBytes)} can be evicted)."
                : $"Execution stayed in its region: peak {Bytes(execution)} of {Bytes(m.ExecutionBytes)}; it did not squeeze storage.");
        }
        if (v.SpillMemoryBytes > 0 || v.SpillDiskBytes > 0)
        {
            readings.Add($"Stages spilled {Bytes(v.SpillMemoryBytes)} from memory ({Bytes(v.SpillDiskBytes)} written to disk).");
        }
        if (v.PeakUnifiedBytes is { } unified)
        {
            readings.Add($"Headroom in the unified region: {Bytes(Math.Max(0, m.UnifiedBytes - unified))} ({Pct(Math.Max(0, m.UnifiedBytes - unified) / (double)Math.Max(1, m.UnifiedBytes))} of {Bytes(m.UnifiedBytes)}).");
        }
        if (v.PeakJvmHeapBytes is { } heap)
        {
            readings.Add($"Heap: peak {Bytes(heap)} used of {Bytes(m.HeapBytes)} ({Pct(heap / (double)Math.Max(1, m.HeapBytes))}), {Bytes(Math.Max(0, m.HeapBytes - heap))} headroom.");
        }
        if (m.Note is { } note) readings.Add(note);
        return readings;
    }

    /// <summary>
    /// Whether the candidate's cache paid off: for each dataset it caches, the candidate stages whose RDDs include it (Spark lists a
    /// cached RDD among the RDDs of every stage that reads it, the one that fills it included) against their matching baseline stages
    /// (<see cref="StageMatcher"/>), which recomputed it. Paid off when those stages took at least <see cref="ClearEffectShare"/> of
    /// the baseline's time less; did not pay off when they took as long or longer by that share; no clear effect in between.
    /// </summary>
    public static CacheVerdict CachePayoff(AdvisorInput baseline, AdvisorInput candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var summary = CachedDataSummary.From(candidate.Storage);
        var gcChange = GcSeconds(candidate) - GcSeconds(baseline);
        var heapChange = HeapPeak(candidate) - HeapPeak(baseline);
        if (summary.IsEmpty)
        {
            return new CacheVerdict(CacheOutcome.NothingCached, $"nothing cached in {candidate.Label}: no cache to judge.",
                [], 0, 0, 0, 0, gcChange, heapChange, false, 0);
        }

        var match = StageMatcher.Match(baseline.Stages, candidate.Stages, baseline.Jobs, candidate.Jobs);
        var byCandidate = match.Pairs.ToDictionary(p => p.Candidate.StageId);
        var latest = candidate.Stages.GroupBy(s => s.StageId).Select(g => g.OrderByDescending(s => s.AttemptId).First()).OrderBy(s => s.StageId).ToList();
        var datasets = new List<CachedDatasetPayoff>();
        var reading = new Dictionary<int, CacheReadingStage>();
        foreach (var d in summary.Datasets)
        {
            var ids = d.RddIds.ToHashSet();
            var stages = latest.Where(s => s.RddIds.Any(ids.Contains)).Select(s =>
            {
                var pair = byCandidate.GetValueOrDefault(s.StageId);
                return new CacheReadingStage(s.Name, s.StageId, pair?.Baseline.StageId, pair?.Baseline.Duration?.TotalSeconds, s.Duration?.TotalSeconds);
            }).ToList();
            foreach (var s in stages) reading[s.CandidateStageId] = s;
            datasets.Add(new CachedDatasetPayoff(d.Name, d.StorageLevel, d.MemoryUsed, d.DiskUsed, d.CachedPartitions, d.TotalPartitions, stages));
        }

        var compared = reading.Values.Where(s => s.BaselineSeconds is not null && s.CandidateSeconds is not null).ToList();
        var baseSeconds = compared.Sum(s => s.BaselineSeconds!.Value);
        var candSeconds = compared.Sum(s => s.CandidateSeconds!.Value);
        var spill = latest.Where(s => reading.ContainsKey(s.StageId)).Sum(s => (s.MemoryBytesSpilled ?? 0) + (s.DiskBytesSpilled ?? 0));
        var evicted = datasets.Any(d => d.CachedPartitions < d.TotalPartitions);
        var change = candSeconds - baseSeconds;
        var outcome = compared.Count == 0 ? CacheOutcome.NoClearEffect
            : Math.Abs(change) < ClearEffectShare * baseSeconds ? CacheOutcome.NoClearEffect
            : change < 0 ? CacheOutcome.PaidOff : CacheOutcome.DidNotPayOff;

        var memory = summary.TotalMemoryUsed;
        var cost = $"{Bytes(memory)} of storage memory" + (summary.TotalDiskUsed > 0 ? $" and {Bytes(summary.TotalDiskUsed)} on disk" : "");
        var harm = new List<string>();
        harm.Add(spill > 0 ? $"{Bytes(spill)} spilled" : "no spill");
        if (evicted) harm.Add($"{summary.TotalCachedPartitions} of {summary.TotalPartitions} partitions cached (the rest evicted or never fitted)");
        var readOnce = datasets.All(d => d.ReadingStages.Count <= 1) ? " (each dataset read by one stage only)" : "";
        var stagesText = compared.Count == 0
            ? $"no stage of {candidate.Label} that reads the cache matches a stage of {baseline.Label}"
            : string.Create(CultureInfo.InvariantCulture,
                $"{compared.Count} stage{(compared.Count == 1 ? "" : "s")} reading the cache took {candSeconds:0} s in {candidate.Label} against {baseSeconds:0} s in {baseline.Label}, which recomputed it{readOnce}");
        var delta = string.Create(CultureInfo.InvariantCulture, $"{(change < 0 ? "−" : "+")}{Math.Abs(change):0} s of stage time");
        var head = outcome switch
        {
            CacheOutcome.PaidOff => $"paid off: {delta} for {cost}, {string.Join(", ", harm)}",
            CacheOutcome.DidNotPayOff => $"did not pay off: {delta} for {cost}, {string.Join(", ", harm)}",
            _ => $"no clear effect: {delta} (under {ClearEffectShare:P0}) for {cost}, {string.Join(", ", harm)}",
        };
        var gcText = gcChange is { } g ? string.Create(CultureInfo.InvariantCulture, $"; executor GC time {(g < 0 ? "−" : "+")}{Math.Abs(g):0.#} s") : "";
        var heapText = heapChange is { } h ? $", largest heap peak {(h < 0 ? "−" : "+")}{Bytes(Math.Abs(h))}" : "";
        return new CacheVerdict(outcome, $"{head} — {stagesText}{gcText}{heapText}.", datasets, baseSeconds, candSeconds,
            memory, summary.TotalDiskUsed, gcChange, heapChange, evicted, spill);
    }

    private static double? GcSeconds(AdvisorInput run)
    {
        var workers = run.Executors.Where(e => e.TotalGcTime is not null).ToList();
        return workers.Count == 0 ? null : workers.Sum(e => e.TotalGcTime!.Value.TotalSeconds);
    }

    private static long? HeapPeak(AdvisorInput run) => run.WorkerExecutors.Select(e => e.PeakMetrics?.JvmHeapMemory).Max();
}
