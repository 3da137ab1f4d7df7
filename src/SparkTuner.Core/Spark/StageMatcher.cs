namespace SparkTuner.Core.Spark;

/// <summary>One compared metric of a matched stage pair. Lower is better for every stage metric.</summary>
/// <param name="Name">Metric name, see <see cref="StageMetricNames"/>.</param>
/// <param name="Unit">"s" (seconds) or "bytes".</param>
/// <param name="Baseline">Baseline value, null when Spark did not report it.</param>
/// <param name="Candidate">Candidate value, null when Spark did not report it.</param>
/// <param name="Rip">Relative improvement, see <see cref="StageMatcher"/>; null when either side is missing.</param>
public sealed record StageMetricDelta(string Name, string Unit, double? Baseline, double? Candidate, double? Rip)
{
    /// <summary>Candidate − baseline, null when either side is missing.</summary>
    public double? Difference => Baseline is { } b && Candidate is { } c ? c - b : null;
}

/// <summary>Names of the metrics in <see cref="StagePair.Metrics"/>, in display order.</summary>
public static class StageMetricNames
{
    /// <summary>completionTime − submissionTime, seconds.</summary>
    public const string Duration = "duration";
    /// <summary>executorRunTime, seconds.</summary>
    public const string ExecutorRunTime = "executorRunTime";
    /// <summary>executorCpuTime, seconds.</summary>
    public const string CpuTime = "executorCpuTime";
    /// <summary>jvmGcTime, seconds.</summary>
    public const string GcTime = "jvmGcTime";
    /// <summary>shuffleReadBytes.</summary>
    public const string ShuffleRead = "shuffleReadBytes";
    /// <summary>shuffleWriteBytes.</summary>
    public const string ShuffleWrite = "shuffleWriteBytes";
    /// <summary>memoryBytesSpilled.</summary>
    public const string MemorySpilled = "memoryBytesSpilled";
    /// <summary>diskBytesSpilled.</summary>
    public const string DiskSpilled = "diskBytesSpilled";
}

/// <summary>A baseline stage and the candidate stage it was matched with.</summary>
/// <param name="Key">How they were matched: job position, stage name and occurrence.</param>
/// <param name="Baseline">Baseline stage.</param>
/// <param name="Candidate">Candidate stage.</param>
/// <param name="Metrics">Compared metrics, in <see cref="StageMetricNames"/> order.</param>
public sealed record StagePair(StageMatchKey Key, SparkStage Baseline, SparkStage Candidate, IReadOnlyList<StageMetricDelta> Metrics)
{
    /// <summary>The metric with the given name.</summary>
    public StageMetricDelta Metric(string name) => Metrics.First(m => m.Name == name);

    /// <summary>Candidate − baseline duration in seconds, null when either duration is unknown.</summary>
    public double? DurationDifferenceSeconds => Metric(StageMetricNames.Duration).Difference;
}

/// <summary>Identity of a stage across runs.</summary>
/// <param name="JobPosition">0-based position (by job id) of the first job that contains the stage; 0 when jobs are unknown.</param>
/// <param name="Name">Stage name.</param>
/// <param name="Occurrence">k-th stage with this name within that job (by stage id).</param>
public sealed record StageMatchKey(int JobPosition, string Name, int Occurrence);

/// <summary>Result of <see cref="StageMatcher.Match"/>.</summary>
/// <param name="Pairs">Matched pairs, largest absolute duration difference first.</param>
/// <param name="OnlyInBaseline">Baseline stages without a partner.</param>
/// <param name="OnlyInCandidate">Candidate stages without a partner.</param>
public sealed record StageComparison(IReadOnlyList<StagePair> Pairs, IReadOnlyList<SparkStage> OnlyInBaseline, IReadOnlyList<SparkStage> OnlyInCandidate);

/// <summary>
/// Matches stages of two runs of the same program. A stage's identity is (position of its job, stage name, k-th
/// occurrence of that name in the job); stage ids themselves differ between runs. Only the last attempt of each
/// stage id is compared. Per pair it compares duration, executor run/CPU/GC time, shuffle read/write and spill with
/// RIP = (B − C) / max(B, C) (B baseline, C candidate, B = C = 0 → 0; positive = candidate better).
/// </summary>
public static class StageMatcher
{
    /// <summary>Matches <paramref name="baseline"/> against <paramref name="candidate"/>; jobs (optional) give each stage its job position.</summary>
    public static StageComparison Match(
        IReadOnlyList<SparkStage> baseline,
        IReadOnlyList<SparkStage> candidate,
        IReadOnlyList<SparkJob>? baselineJobs = null,
        IReadOnlyList<SparkJob>? candidateJobs = null)
    {
        var b = Keyed(baseline, baselineJobs);
        var c = Keyed(candidate, candidateJobs);
        var pairs = new List<StagePair>();
        var onlyB = new List<SparkStage>();
        foreach (var (key, stage) in b)
        {
            if (c.Remove(key, out var other))
                pairs.Add(new StagePair(key, stage, other, Compare(stage, other)));
            else
                onlyB.Add(stage);
        }

        var ordered = pairs
            .OrderByDescending(p => Math.Abs(p.DurationDifferenceSeconds ?? 0))
            .ThenBy(p => p.Key.JobPosition).ThenBy(p => p.Baseline.StageId)
            .ToList();
        return new StageComparison(ordered, onlyB, c.Values.OrderBy(s => s.StageId).ToList());
    }

    private static Dictionary<StageMatchKey, SparkStage> Keyed(IReadOnlyList<SparkStage> stages, IReadOnlyList<SparkJob>? jobs)
    {
        var jobPosition = new Dictionary<int, int>();
        if (jobs is not null)
        {
            var position = 0;
            foreach (var job in jobs.OrderBy(j => j.JobId))
            {
                foreach (var id in job.StageIds) jobPosition.TryAdd(id, position);
                position++;
            }
        }

        var latest = stages
            .GroupBy(s => s.StageId)
            .Select(g => g.OrderByDescending(s => s.AttemptId).First())
            .OrderBy(s => s.StageId);
        var result = new Dictionary<StageMatchKey, SparkStage>();
        var counters = new Dictionary<(int, string), int>();
        foreach (var stage in latest)
        {
            var job = jobPosition.TryGetValue(stage.StageId, out var p) ? p : (jobs is null ? 0 : -1);
            var occurrence = counters.TryGetValue((job, stage.Name), out var k) ? k : 0;
            counters[(job, stage.Name)] = occurrence + 1;
            result.Add(new StageMatchKey(job, stage.Name, occurrence), stage);
        }

        return result;
    }

    private static List<StageMetricDelta> Compare(SparkStage b, SparkStage c) =>
    [
        Delta(StageMetricNames.Duration, "s", Seconds(b.Duration), Seconds(c.Duration)),
        Delta(StageMetricNames.ExecutorRunTime, "s", Seconds(b.ExecutorRunTime), Seconds(c.ExecutorRunTime)),
        Delta(StageMetricNames.CpuTime, "s", Seconds(b.ExecutorCpuTime), Seconds(c.ExecutorCpuTime)),
        Delta(StageMetricNames.GcTime, "s", Seconds(b.JvmGcTime), Seconds(c.JvmGcTime)),
        Delta(StageMetricNames.ShuffleRead, "bytes", b.ShuffleReadBytes, c.ShuffleReadBytes),
        Delta(StageMetricNames.ShuffleWrite, "bytes", b.ShuffleWriteBytes, c.ShuffleWriteBytes),
        Delta(StageMetricNames.MemorySpilled, "bytes", b.MemoryBytesSpilled, c.MemoryBytesSpilled),
        Delta(StageMetricNames.DiskSpilled, "bytes", b.DiskBytesSpilled, c.DiskBytesSpilled),
    ];

    private static double? Seconds(TimeSpan? t) => t?.TotalSeconds;

    private static StageMetricDelta Delta(string name, string unit, double? b, double? c) =>
        new(name, unit, b, c, b is { } bv && c is { } cv ? Rip(bv, cv) : null);

    // Lower is better for every stage metric (time, bytes moved, spill); the formula lives in RelativeChange.
    private static double Rip(double baseline, double candidate) =>
        SparkTuner.Core.Comparison.RelativeChange.Compute(baseline, candidate, SparkTuner.Core.Catalog.Direction.LowerIsBetter).Rip;
}
