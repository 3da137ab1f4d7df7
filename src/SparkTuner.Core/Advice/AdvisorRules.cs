using System.Globalization;
using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Advice;

/// <summary>
/// One advisor rule as data: its ladder, the unit of the measured value, where the thresholds come from, and how the value
/// is measured on a run. <see cref="Evaluate"/> returns null when the run lacks what the rule needs (no finding either way).
/// </summary>
/// <param name="Id">Stable id, e.g. <c>gc-high</c> (API, CLI, tests).</param>
/// <param name="Title">Human title.</param>
/// <param name="Source">Where the thresholds (and the formula) come from.</param>
/// <param name="Ladder">Thresholds low, moderate, severe, critical.</param>
/// <param name="Unit">Unit of the measured value and thresholds: "ratio", "x", "ms", "bytes" or "count".</param>
/// <param name="Evaluate">Measures the run and rates it on <paramref name="Ladder"/>.</param>
public sealed record AdvisorRule(
    string Id,
    string Title,
    string Source,
    SeverityLadder Ladder,
    string Unit,
    Func<AdvisorRule, AdvisorInput, Finding?> Evaluate);

/// <summary>
/// The rules of the advisor. Every ladder and its source is listed here and in <see cref="All"/>; the thresholds are public
/// defaults of Dr. Elephant (LinkedIn, <c>app/com/linkedin/drelephant/spark/heuristics</c>) and DataFlint
/// (<c>spark-ui/src/reducers</c>), or Spark's documentation, and are marked "SparkTuner" where no public tool gives one.
/// </summary>
public static class AdvisorRules
{
    private const long MiB = SparkSize.MiB;
    private const long GiB = SparkSize.GiB;

    /// <summary>Dr. Elephant's <c>spark_executor_memory_threshold</c> default (2G): at or below it, over-provisioning is not judged.</summary>
    public const long MemoryJudgedAboveBytes = 2 * GiB;

    /// <summary>The 128 MiB partition Spark aims at (<c>spark.sql.files.maxPartitionBytes</c> default).</summary>
    public const long TargetPartitionBytes = 128 * MiB;

    /// <summary>
    /// GC time ÷ task time over all executors too high: more memory would help. Ladder 0.08 / 0.10 / 0.15 / 0.20 —
    /// Dr. Elephant <c>ExecutorGcHeuristic.DEFAULT_GC_SEVERITY_A_THRESHOLDS</c> (ratio of JVM GC time to executor run time).
    /// </summary>
    public static AdvisorRule GcHigh { get; } = new("gc-high", "GC time share of task time too high",
        "Dr. Elephant ExecutorGcHeuristic, gc_severity_A_threshold (0.08, 0.1, 0.15, 0.2)",
        new SeverityLadder(0.08, 0.10, 0.15, 0.20), "ratio", EvaluateGcHigh);

    /// <summary>
    /// GC time ÷ task time very low: memory is probably over-asked. Ladder 0.05 / 0.04 / 0.03 / 0.01 (descending) — Dr. Elephant
    /// <c>ExecutorGcHeuristic.DEFAULT_GC_SEVERITY_D_THRESHOLDS</c>. Judged only when the executors worked at least 5 minutes of
    /// task time and have more than 2 GiB of heap (SparkTuner: an idle or small run has no GC to speak of).
    /// </summary>
    public static AdvisorRule GcLow { get; } = new("gc-low", "GC time share of task time very low (memory over-asked?)",
        "Dr. Elephant ExecutorGcHeuristic, gc_severity_D_threshold (0.05, 0.04, 0.03, 0.01)",
        new SeverityLadder(0.05, 0.04, 0.03, 0.01), "ratio", EvaluateGcLow);

    /// <summary>
    /// <c>spark.executor.memory</c> ÷ (largest executor's peak JVM heap used + 300 MiB reserved): over-provisioned. Ladder 1.5 / 2 / 4 / 8 —
    /// Dr. Elephant <c>JvmUsedMemoryHeuristic.DEFAULT_MAX_EXECUTOR_PEAK_JVM_USED_MEMORY_THRESHOLDS</c> (executor memory against
    /// 1.5×, 2×, 4×, 8× the peak plus reserved memory), not judged at or below 2 GiB (its <c>spark_executor_memory_threshold</c>).
    /// The suggestion is (peak + 300 MiB) × 1.25 rounded up to 256 MiB (SparkTuner's headroom).
    /// </summary>
    public static AdvisorRule ExecutorMemoryOver { get; } = new("executor-memory-over", "Executor memory over-provisioned",
        "Dr. Elephant JvmUsedMemoryHeuristic (executor memory / (peak JVM used + 300 MiB): 1.5, 2, 4, 8; above 2G only)",
        new SeverityLadder(1.5, 2, 4, 8), "x", (r, i) => EvaluateMemoryOver(r, i, SparkProcess.Executor));

    /// <summary>
    /// Largest executor's peak JVM heap used ÷ <c>spark.executor.memory</c>: under-provisioned. Ladder 0.80 / 0.85 / 0.90 / 0.95 —
    /// SparkTuner (no public tool rates this direction; a heap this full runs back-to-back old-generation collections).
    /// The suggestion is 1.5 × the heap.
    /// </summary>
    public static AdvisorRule ExecutorMemoryUnder { get; } = new("executor-memory-under", "Executor memory under-provisioned",
        "SparkTuner (peak JVM heap / heap: 0.80, 0.85, 0.90, 0.95)",
        new SeverityLadder(0.80, 0.85, 0.90, 0.95), "ratio", (r, i) => EvaluateMemoryUnder(r, i, SparkProcess.Executor));

    /// <summary>The driver's counterpart of <see cref="ExecutorMemoryOver"/> (Dr. Elephant <c>DEFAULT_MAX_DRIVER_PEAK_JVM_USED_MEMORY_THRESHOLDS</c>, same ladder).</summary>
    public static AdvisorRule DriverMemoryOver { get; } = new("driver-memory-over", "Driver memory over-provisioned",
        "Dr. Elephant JvmUsedMemoryHeuristic, driver (driver memory / (peak JVM used + 300 MiB): 1.5, 2, 4, 8; above 2G only)",
        new SeverityLadder(1.5, 2, 4, 8), "x", (r, i) => EvaluateMemoryOver(r, i, SparkProcess.Driver));

    /// <summary>The driver's counterpart of <see cref="ExecutorMemoryUnder"/> (SparkTuner, same ladder).</summary>
    public static AdvisorRule DriverMemoryUnder { get; } = new("driver-memory-under", "Driver memory under-provisioned",
        "SparkTuner (peak JVM heap / heap: 0.80, 0.85, 0.90, 0.95)",
        new SeverityLadder(0.80, 0.85, 0.90, 0.95), "ratio", (r, i) => EvaluateMemoryUnder(r, i, SparkProcess.Driver));

    /// <summary>
    /// Memory spilled ÷ data processed (the largest of input, output, shuffle read and shuffle write) in the worst stage.
    /// Ladder 0.01 / 0.1 / 0.25 / 0.5 — Dr. Elephant <c>ConfigurationHeuristicsConstants.DEFAULT_EXECUTION_MEMORY_SPILL_THRESHOLDS</c>.
    /// The suggestion doubles <c>spark.sql.shuffle.partitions</c> (at least one partition per 128 MiB processed), halving what each task holds.
    /// </summary>
    public static AdvisorRule Spill { get; } = new("spill", "Spill against data processed",
        "Dr. Elephant execution memory spill thresholds (spill / max data processed: 0.01, 0.1, 0.25, 0.5)",
        new SeverityLadder(0.01, 0.1, 0.25, 0.5), "ratio", EvaluateSpill);

    /// <summary>
    /// Task skew: max ÷ median task run time of a stage, counted only when its longest task ran 5 s or more (DataFlint's
    /// <c>MAX_TASK_DURATION_THRESHOLD_MS</c>). Ladder 2 / 4 / 8 / 16 — Dr. Elephant <c>StageSkewHeuristic</c> deviation limits
    /// (DataFlint flags partition skew from 10×, between severe and critical here). Needs the REST task summary.
    /// </summary>
    public static AdvisorRule TaskSkew { get; } = new("task-skew", "Task skew in a stage",
        "Dr. Elephant StageSkewHeuristic deviation limits (2, 4, 8, 16); DataFlint partition skew (max task ≥ 5 s)",
        new SeverityLadder(2, 4, 8, 16), "x", EvaluateSkew);

    /// <summary>
    /// Idle cores: 1 − busy core-seconds (Σ executor task time) ÷ allocated core-seconds (Σ executor uptime × cores), the formula of
    /// DataFlint's <c>idleCoresRatio</c>. Ladder 0.3 / 0.5 / 0.7 / 0.9 — SparkTuner (DataFlint shows the ratio without a ladder).
    /// The suggestion is the executor count that would have been 80 % busy.
    /// </summary>
    public static AdvisorRule IdleCores { get; } = new("idle-cores", "Idle cores",
        "DataFlint idleCoresRatio formula; SparkTuner ladder (0.3, 0.5, 0.7, 0.9)",
        new SeverityLadder(0.3, 0.5, 0.7, 0.9), "ratio", EvaluateIdleCores);

    /// <summary>
    /// Too many tiny tasks: mean task run time of the worst stage with at least 2 tasks per core (and 10 tasks). Ladder 200 / 100 / 50 /
    /// 20 ms (descending) — Spark's tuning guide ("Spark can efficiently support tasks as short as 200 ms"). The suggestion is the
    /// partition count that brings the mean to 200 ms, never below 2 per core (the guide's "2-3 tasks per CPU core").
    /// </summary>
    public static AdvisorRule TinyTasks { get; } = new("tiny-tasks", "Too many tiny tasks",
        "Spark tuning guide, Level of Parallelism (tasks as short as 200 ms; 2-3 tasks per core)",
        new SeverityLadder(200, 100, 50, 20), "ms", EvaluateTinyTasks);

    /// <summary>
    /// Partitions far above 128 MiB: bytes read per task (input or shuffle read) of the worst stage. Ladder 256 MiB / 512 MiB / 1 GiB /
    /// 2 GiB (2×, 4×, 8×, 16× of <c>spark.sql.files.maxPartitionBytes</c>' 128 MiB default) — SparkTuner. The suggestion is one partition per 128 MiB.
    /// </summary>
    public static AdvisorRule LargePartitions { get; } = new("large-partitions", "Partitions far above 128 MiB",
        "Spark default spark.sql.files.maxPartitionBytes 128 MiB; SparkTuner ladder (2x, 4x, 8x, 16x)",
        new SeverityLadder(256.0 * MiB, 512.0 * MiB, 1.0 * GiB, 2.0 * GiB), "bytes", EvaluateLargePartitions);

    /// <summary>
    /// Failed tasks ÷ tasks over all stages. Ladder 0.05 / 0.1 / 0.15 / 0.2 — Dr. Elephant
    /// <c>DEFAULT_TASK_FAILURE_RATE_SEVERITY_THRESHOLDS</c>.
    /// </summary>
    public static AdvisorRule TaskFailures { get; } = new("task-failures", "Failed tasks",
        "Dr. Elephant task failure rate thresholds (0.05, 0.1, 0.15, 0.2)",
        new SeverityLadder(0.05, 0.10, 0.15, 0.20), "ratio", EvaluateTaskFailures);

    /// <summary>
    /// Executors lost (removed for another reason than the driver's own kill or a normal end). Ladder 1 / 2 / 4 / 8 — SparkTuner.
    /// The suggestion doubles <c>spark.executor.memoryOverhead</c> (Spark's default: max(384 MiB, 10 % of the heap)), the usual cause
    /// on YARN and Kubernetes being a container killed for memory.
    /// </summary>
    public static AdvisorRule LostExecutors { get; } = new("lost-executors", "Lost executors",
        "SparkTuner (executors lost: 1, 2, 4, 8)",
        new SeverityLadder(1, 2, 4, 8), "count", EvaluateLostExecutors);

    /// <summary>Every rule, in display order.</summary>
    public static IReadOnlyList<AdvisorRule> All { get; } =
    [
        GcHigh, GcLow, ExecutorMemoryOver, ExecutorMemoryUnder, DriverMemoryOver, DriverMemoryUnder,
        Spill, TaskSkew, IdleCores, TinyTasks, LargePartitions, TaskFailures, LostExecutors,
    ];

    private static string Pct(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.0} %");
    private static string Num(double v) => string.Create(CultureInfo.InvariantCulture, $"{v:0.##}");
    private static string Bytes(double b) => SparkTuner.Core.Comparison.UnitFormatter.FormatValue(b, SparkTuner.Core.Catalog.MetricUnit.Bytes);
    private static long RoundUp(double bytes, long step) => (long)Math.Ceiling(bytes / step) * step;

    private static (double Gc, double Task)? GcAndTask(AdvisorInput run)
    {
        // Executors that ran tasks (the driver only in local mode, where it is the one that runs them).
        var workers = run.Executors.Where(e => (e.TotalTaskTime ?? TimeSpan.Zero) > TimeSpan.Zero).ToList();
        if (workers.Count == 0 || workers.Any(e => e.TotalGcTime is null)) return null;
        return (workers.Sum(e => e.TotalGcTime!.Value.TotalSeconds), workers.Sum(e => e.TotalTaskTime!.Value.TotalSeconds));
    }

    private static Finding? EvaluateGcHigh(AdvisorRule rule, AdvisorInput run)
    {
        if (GcAndTask(run) is not var (gc, task)) return null;
        var ratio = gc / task;
        var severity = rule.Ladder.Rate(ratio);
        var heap = SparkMemorySettings.From(run.SparkProperties, SparkProcess.Executor).HeapBytes;
        return new Finding(rule.Id, severity,
            $"Executors spent {Pct(ratio)} of their task time in GC ({Num(gc)} s of {Num(task)} s).",
            [new("GC time / task time", ratio, "ratio", "gc_time"), new("GC time", gc, "s", "gc_time"), new("task time", task, "s", "task_time")],
            severity == Severity.None ? null : new Recommendation("spark.executor.memory", SparkSize.Format(RoundUp(heap * 1.5, 256 * MiB)),
                $"1.5 × the current {SparkSize.Format(heap)}: more heap for the same tasks means fewer collections"));
    }

    private static Finding? EvaluateGcLow(AdvisorRule rule, AdvisorInput run)
    {
        if (GcAndTask(run) is not var (gc, task)) return null;
        var heap = SparkMemorySettings.From(run.SparkProperties, SparkProcess.Executor).HeapBytes;
        var ratio = gc / task;
        var judged = task >= 300 && heap > MemoryJudgedAboveBytes;
        var severity = judged ? rule.Ladder.Rate(ratio) : Severity.None;
        var peak = run.WorkerExecutors.Select(e => e.PeakMetrics?.JvmHeapMemory).Max();
        var suggestion = peak is { } p ? Math.Max(RoundUp((p + UnifiedMemoryModel.ReservedSystemMemoryBytes) * 1.25, 256 * MiB), MemoryJudgedAboveBytes) : RoundUp(heap * 0.75, 256 * MiB);
        return new Finding(rule.Id, severity,
            judged ? $"Executors spent only {Pct(ratio)} of their task time in GC ({Num(gc)} s of {Num(task)} s)."
                   : $"GC share {Pct(ratio)} not judged: it needs at least 300 s of task time and more than 2 GiB of heap.",
            [new("GC time / task time", ratio, "ratio", "gc_time"), new("GC time", gc, "s", "gc_time"), new("task time", task, "s", "task_time")],
            severity == Severity.None ? null : new Recommendation("spark.executor.memory", SparkSize.Format(suggestion),
                peak is null ? "0.75 × the current heap" : "(peak JVM heap + 300 MiB) × 1.25, rounded up to 256 MiB"));
    }

    private static (SparkExecutor Executor, long Peak)? LargestPeak(AdvisorInput run, SparkProcess process)
    {
        var candidates = process == SparkProcess.Driver ? (run.Driver is { } d ? [d] : []) : run.WorkerExecutors;
        return candidates
            .Where(e => e.PeakMetrics?.JvmHeapMemory is > 0)
            .Select(e => ((SparkExecutor, long)?)(e, e.PeakMetrics!.JvmHeapMemory!.Value))
            .OrderByDescending(x => x!.Value.Item2).ThenBy(x => x!.Value.Item1.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static Finding? EvaluateMemoryOver(AdvisorRule rule, AdvisorInput run, SparkProcess process)
    {
        if (LargestPeak(run, process) is not var (executor, peak)) return null;
        var settings = SparkMemorySettings.From(run.SparkProperties, process);
        var key = SparkMemorySettings.HeapProperty(process);
        var needed = peak + UnifiedMemoryModel.ReservedSystemMemoryBytes;
        var ratio = settings.HeapBytes / (double)needed;
        var judged = settings.HeapBytes > MemoryJudgedAboveBytes;
        var severity = judged ? rule.Ladder.Rate(ratio) : Severity.None;
        var who = process == SparkProcess.Driver ? "the driver" : $"executor {executor.Id}";
        const string metric = "jvm_heap";
        var defaulted = settings.Defaulted.Contains(key) ? $" ({key} unset: Spark's default 1g)" : "";
        return new Finding(rule.Id, severity,
            $"{key} {SparkSize.Format(settings.HeapBytes)}{defaulted} is {Num(ratio)}× the peak JVM heap of {who} ({Bytes(peak)}) + 300 MiB reserved"
            + (judged ? "." : "; not judged at or below 2 GiB."),
            [new($"{key} / (peak heap + 300 MiB)", ratio, "x", metric), new("peak JVM heap", peak, "bytes", metric), new(key, settings.HeapBytes, "bytes")],
            severity == Severity.None ? null : new Recommendation(key, SparkSize.Format(Math.Max(RoundUp(needed * 1.25, 256 * MiB), MemoryJudgedAboveBytes)),
                "(peak JVM heap + 300 MiB) × 1.25, rounded up to 256 MiB"));
    }

    private static Finding? EvaluateMemoryUnder(AdvisorRule rule, AdvisorInput run, SparkProcess process)
    {
        if (LargestPeak(run, process) is not var (executor, peak)) return null;
        var settings = SparkMemorySettings.From(run.SparkProperties, process);
        var key = SparkMemorySettings.HeapProperty(process);
        var ratio = peak / (double)settings.HeapBytes;
        var severity = rule.Ladder.Rate(ratio);
        var who = process == SparkProcess.Driver ? "the driver" : $"executor {executor.Id}";
        const string metric = "jvm_heap";
        return new Finding(rule.Id, severity,
            $"The peak JVM heap of {who} ({Bytes(peak)}) is {Pct(ratio)} of {key} {SparkSize.Format(settings.HeapBytes)}.",
            [new("peak JVM heap / heap", ratio, "ratio", metric), new("peak JVM heap", peak, "bytes", metric), new(key, settings.HeapBytes, "bytes")],
            severity == Severity.None ? null : new Recommendation(key, SparkSize.Format(RoundUp(settings.HeapBytes * 1.5, 256 * MiB)), "1.5 × the current heap"));
    }

    private static int ShufflePartitions(AdvisorInput run) =>
        int.TryParse(run.SparkProperties.GetValueOrDefault("spark.sql.shuffle.partitions"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 200;

    private static Finding? EvaluateSpill(AdvisorRule rule, AdvisorInput run)
    {
        var stages = run.CompletedStages.Where(s => s.MemoryBytesSpilled is not null).ToList();
        if (stages.Count == 0) return null;
        var worst = stages
            .Select(s => (Stage: s, Processed: new[] { s.InputBytes, s.OutputBytes, s.ShuffleReadBytes, s.ShuffleWriteBytes }.Max(v => v ?? 0)))
            .Select(x => (x.Stage, x.Processed, Ratio: x.Processed > 0 ? x.Stage.MemoryBytesSpilled!.Value / (double)x.Processed : x.Stage.MemoryBytesSpilled > 0 ? double.PositiveInfinity : 0))
            .OrderByDescending(x => x.Ratio).ThenBy(x => x.Stage.StageId).First();
        var severity = rule.Ladder.Rate(worst.Ratio);
        var s = worst.Stage;
        var partitions = ShufflePartitions(run);
        var target = Math.Max(2 * partitions, (int)Math.Ceiling(worst.Processed / (double)TargetPartitionBytes));
        return new Finding(rule.Id, severity,
            worst.Ratio == 0 ? "No stage spilled." : $"Stage {s.StageId} spilled {Bytes(s.MemoryBytesSpilled ?? 0)} from memory ({Bytes(s.DiskBytesSpilled ?? 0)} on disk) for {Bytes(worst.Processed)} processed ({Pct(worst.Ratio)}).",
            [new("memory spilled / data processed", double.IsFinite(worst.Ratio) ? worst.Ratio : 1, "ratio", "spill_memory", s.StageId),
             new("memory spilled", s.MemoryBytesSpilled ?? 0, "bytes", "spill_memory", s.StageId),
             new("disk spilled", s.DiskBytesSpilled ?? 0, "bytes", "spill_disk", s.StageId),
             new("data processed", worst.Processed, "bytes", null, s.StageId)],
            severity == Severity.None ? null : new Recommendation("spark.sql.shuffle.partitions", target.ToString(CultureInfo.InvariantCulture),
                $"2 × the current {partitions} (at least one per 128 MiB processed): each task holds half as much"));
    }

    private static Finding? EvaluateSkew(AdvisorRule rule, AdvisorInput run)
    {
        if (run.TaskDurations is not { Count: > 0 } durations) return null;
        var worst = durations.Values
            .Select(d => (d, Ratio: d.MaxRunMs >= 5000 ? d.MaxRunMs / Math.Max(1, d.MedianRunMs) : 1))
            .OrderByDescending(x => x.Ratio).ThenBy(x => x.d.StageId).First();
        var severity = rule.Ladder.Rate(worst.Ratio);
        var d = worst.d;
        return new Finding(rule.Id, severity,
            $"Stage {d.StageId}: longest task {Num(d.MaxRunMs / 1000)} s against a median of {Num(d.MedianRunMs / 1000)} s ({Num(d.MaxRunMs / Math.Max(1, d.MedianRunMs))}×)"
            + (d.MaxRunMs < 5000 ? "; under 5 s, not judged." : "."),
            [new("max / median task run time", d.MaxRunMs / Math.Max(1, d.MedianRunMs), "x", null, d.StageId),
             new("max task run time", d.MaxRunMs, "ms", null, d.StageId), new("median task run time", d.MedianRunMs, "ms", null, d.StageId)],
            severity == Severity.None ? null : new Recommendation("spark.sql.adaptive.skewJoin.enabled", "true",
                "adaptive execution splits skewed shuffle partitions (needs spark.sql.adaptive.enabled=true); otherwise salt the key"));
    }

    private static Finding? EvaluateIdleCores(AdvisorRule rule, AdvisorInput run)
    {
        var workers = run.WorkerExecutors.Where(e => e.AddTime is not null && (e.TotalCores ?? 0) > 0 && e.TotalTaskTime is not null).ToList();
        var end = run.Stages.Select(s => s.CompletionTime).Concat(workers.Select(e => e.RemoveTime)).Max();
        if (workers.Count == 0 || end is null) return null;
        var allocated = workers.Sum(e => Math.Max(0, ((e.RemoveTime ?? end.Value) - e.AddTime!.Value).TotalSeconds) * e.TotalCores!.Value);
        if (allocated <= 0) return null;
        var busy = workers.Sum(e => e.TotalTaskTime!.Value.TotalSeconds);
        var idle = Math.Clamp(1 - busy / allocated, 0, 1);
        var severity = rule.Ladder.Rate(idle);
        var target = Math.Max(1, (int)Math.Ceiling(workers.Count * (1 - idle) / 0.8));
        return new Finding(rule.Id, severity,
            $"Executors were busy {Num(busy)} of {Num(allocated)} allocated core-seconds: {Pct(idle)} idle.",
            [new("idle share of allocated core-seconds", idle, "ratio", "active_tasks"), new("busy core-seconds (task time)", busy, "s", "task_time"),
             new("allocated core-seconds", allocated, "s")],
            severity == Severity.None ? null : new Recommendation("spark.executor.instances", target.ToString(CultureInfo.InvariantCulture),
                $"{workers.Count} executors × busy share {Pct(1 - idle)} ÷ 80 % target (or spark.dynamicAllocation.enabled=true)"));
    }

    private static Finding? EvaluateTinyTasks(AdvisorRule rule, AdvisorInput run)
    {
        // In local mode the driver runs the tasks: its cores count when no executor is listed.
        var workerCores = run.WorkerExecutors.Sum(e => e.TotalCores ?? 0);
        var cores = Math.Max(1, workerCores > 0 ? workerCores : run.Driver?.TotalCores ?? 0);
        var stages = run.CompletedStages
            .Where(s => s.NumTasks is { } n && n >= Math.Max(10, 2 * cores) && s.ExecutorRunTime is not null)
            .Select(s => (Stage: s, MeanMs: s.ExecutorRunTime!.Value.TotalMilliseconds / s.NumTasks!.Value))
            .OrderBy(x => x.MeanMs).ThenBy(x => x.Stage.StageId).ToList();
        if (stages.Count == 0) return null;
        var (stage, mean) = stages[0];
        var severity = rule.Ladder.Rate(mean);
        var target = Math.Max(2 * cores, (int)Math.Ceiling(stage.NumTasks!.Value * mean / 200));
        return new Finding(rule.Id, severity,
            $"Stage {stage.StageId} ran {stage.NumTasks} tasks of {Num(mean)} ms each on average ({cores} cores).",
            [new("mean task run time", mean, "ms", "task_time", stage.StageId), new("tasks", stage.NumTasks!.Value, "count", null, stage.StageId), new("cores", cores, "count")],
            severity == Severity.None ? null : new Recommendation("spark.sql.shuffle.partitions", target.ToString(CultureInfo.InvariantCulture),
                "the partition count that makes the mean task 200 ms, at least 2 per core (or coalesce the input)"));
    }

    private static Finding? EvaluateLargePartitions(AdvisorRule rule, AdvisorInput run)
    {
        var stages = run.CompletedStages
            .Where(s => s.NumTasks is > 0)
            .Select(s => (Stage: s, PerTask: Math.Max(s.InputBytes ?? 0, s.ShuffleReadBytes ?? 0) / (double)s.NumTasks!.Value))
            .OrderByDescending(x => x.PerTask).ThenBy(x => x.Stage.StageId).ToList();
        if (stages.Count == 0) return null;
        var (stage, perTask) = stages[0];
        var severity = rule.Ladder.Rate(perTask);
        var total = perTask * stage.NumTasks!.Value;
        var target = (int)Math.Ceiling(total / TargetPartitionBytes);
        return new Finding(rule.Id, severity,
            $"Stage {stage.StageId} read {Bytes(perTask)} per task ({stage.NumTasks} tasks).",
            [new("bytes read per task", perTask, "bytes", "shuffle_read", stage.StageId), new("bytes read", total, "bytes", null, stage.StageId), new("tasks", stage.NumTasks!.Value, "count", null, stage.StageId)],
            severity == Severity.None ? null : new Recommendation("spark.sql.shuffle.partitions", target.ToString(CultureInfo.InvariantCulture),
                "one partition per 128 MiB read (for file input: spark.sql.files.maxPartitionBytes=128m)"));
    }

    private static Finding? EvaluateTaskFailures(AdvisorRule rule, AdvisorInput run)
    {
        var stages = run.Stages.Where(s => s.NumTasks is not null).ToList();
        var tasks = stages.Sum(s => (long)s.NumTasks!.Value);
        if (tasks == 0) return null;
        var failed = stages.Sum(s => (long)(s.NumFailedTasks ?? 0));
        var ratio = failed / (double)(tasks + failed);
        var severity = rule.Ladder.Rate(ratio);
        var worst = stages.OrderByDescending(s => s.NumFailedTasks ?? 0).ThenBy(s => s.StageId).First();
        var overhead = OverheadSuggestion(run);
        return new Finding(rule.Id, severity,
            failed == 0 ? $"No task failed ({tasks} tasks)." : $"{failed} task attempts failed against {tasks} tasks ({Pct(ratio)}); most in stage {worst.StageId}.",
            [new("failed / all task attempts", ratio, "ratio"), new("failed task attempts", failed, "count", null, failed > 0 ? worst.StageId : null), new("tasks", tasks, "count")],
            severity == Severity.None ? null : new Recommendation("spark.executor.memoryOverhead", overhead,
                "read the stages' failure reasons first; when containers were killed for memory, 2 × Spark's default overhead max(384 MiB, 10 % of the heap)"));
    }

    private static string OverheadSuggestion(AdvisorInput run)
    {
        var heap = SparkMemorySettings.From(run.SparkProperties, SparkProcess.Executor).HeapBytes;
        var current = SparkSize.TryParse(run.SparkProperties.GetValueOrDefault("spark.executor.memoryOverhead"), MiB)
            ?? Math.Max(384 * MiB, (long)(0.1 * heap));
        return SparkSize.Format(RoundUp(2.0 * current, 128 * MiB));
    }

    private static Finding? EvaluateLostExecutors(AdvisorRule rule, AdvisorInput run)
    {
        var workers = run.WorkerExecutors.ToList();
        if (workers.Count == 0) return null;
        var lost = workers.Where(e => e.RemoveReason is { Length: > 0 } r
            && !r.Contains("killed by driver", StringComparison.OrdinalIgnoreCase)
            && !r.Contains("Finished", StringComparison.OrdinalIgnoreCase)).ToList();
        var severity = rule.Ladder.Rate(lost.Count);
        return new Finding(rule.Id, severity,
            lost.Count == 0 ? $"No executor lost ({workers.Count} executors)." : $"{lost.Count} of {workers.Count} executors lost; first reason: {lost[0].RemoveReason}",
            [new("executors lost", lost.Count, "count"), new("executors", workers.Count, "count")],
            severity == Severity.None ? null : new Recommendation("spark.executor.memoryOverhead", OverheadSuggestion(run),
                "2 × the current overhead: a container killed for memory is the usual cause on YARN and Kubernetes"));
    }
}
