using System.Text.Json.Serialization;

namespace SparkTuner.Core.Advice;

/// <summary>One number behind a finding, linked to where the page shows it.</summary>
/// <param name="Label">What it is, e.g. "GC time / task time".</param>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Unit">"ratio" (0..1), "bytes", "s", "ms", "count" or "x" (a multiple).</param>
/// <param name="MetricId">The chart's logical metric id (catalog, e.g. <c>gc_time</c>) that shows it, or null.</param>
/// <param name="StageId">The stage (Spark REST stages table) that shows it, or null.</param>
public sealed record Evidence(string Label, double Value, string Unit, string? MetricId = null, int? StageId = null);

/// <summary>What to change: a Spark setting and the value to try.</summary>
/// <param name="Setting">Property name, e.g. <c>spark.executor.memory</c>.</param>
/// <param name="Value">Value to try, e.g. <c>3g</c>.</param>
/// <param name="Why">How the value was derived.</param>
public sealed record Recommendation(string Setting, string Value, string Why);

/// <summary>A rule's outcome on one run (also when its severity is <see cref="Severity.None"/>, so both sides can be compared).</summary>
/// <param name="RuleId">Rule id (<see cref="AdvisorRules"/>).</param>
/// <param name="Severity">Where the measured value falls on the rule's ladder.</param>
/// <param name="Summary">One sentence with the measured value.</param>
/// <param name="Evidence">The numbers, the measured value first.</param>
/// <param name="Recommendation">What to change; null at <see cref="Severity.None"/> or when nothing concrete can be said.</param>
public sealed record Finding(string RuleId, Severity Severity, string Summary, IReadOnlyList<Evidence> Evidence, Recommendation? Recommendation);

/// <summary>How a rule's severity moved from the baseline to the candidate.</summary>
public enum FindingChange
{
    /// <summary>None in the baseline, some in the candidate.</summary>
    New,
    /// <summary>Higher in the candidate.</summary>
    Worse,
    /// <summary>Lower in the candidate, still above none.</summary>
    Better,
    /// <summary>Some in the baseline, none in the candidate.</summary>
    Resolved,
    /// <summary>The same severity on both sides.</summary>
    Same,
}

/// <summary>One rule on both sides.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="Title">Rule title.</param>
/// <param name="Source">Where the rule's thresholds come from.</param>
/// <param name="Thresholds">The rule's ladder (low, moderate, severe, critical) in <paramref name="ThresholdUnit"/>.</param>
/// <param name="ThresholdUnit">Unit of the thresholds.</param>
/// <param name="Change">New, worse, better, resolved or same.</param>
/// <param name="Baseline">The baseline's outcome, null when the rule could not be evaluated there (data missing).</param>
/// <param name="Candidate">The candidate's outcome, null when it could not be evaluated there.</param>
public sealed record FindingDiff(
    string RuleId,
    string Title,
    string Source,
    SeverityLadder Thresholds,
    string ThresholdUnit,
    FindingChange Change,
    Finding? Baseline,
    Finding? Candidate)
{
    /// <summary>Baseline severity (none when not evaluated).</summary>
    public Severity BaselineSeverity => Baseline?.Severity ?? Severity.None;

    /// <summary>Candidate severity (none when not evaluated).</summary>
    public Severity CandidateSeverity => Candidate?.Severity ?? Severity.None;

    /// <summary>True for new, worse, better and resolved.</summary>
    [JsonIgnore]
    public bool IsChanged => Change != FindingChange.Same;
}

/// <summary>A memory model with the run's measured peaks over it (one JVM: the largest executor, or the driver).</summary>
/// <param name="Side">"baseline" or "candidate".</param>
/// <param name="RunId">Application id.</param>
/// <param name="ExecutorId">"driver" or the executor id.</param>
/// <param name="Model">The configured regions.</param>
/// <param name="ReportedMaxMemoryBytes">Spark's own <c>maxMemory</c> (storage memory it can use), for comparison; null when absent.</param>
/// <param name="PeakJvmHeapBytes">Peak JVM heap used (peakMemoryMetrics.JVMHeapMemory).</param>
/// <param name="PeakStorageBytes">Peak on-heap storage memory.</param>
/// <param name="PeakExecutionBytes">Peak on-heap execution memory.</param>
/// <param name="PeakUnifiedBytes">Peak on-heap unified (storage + execution) memory.</param>
/// <param name="PeakOffHeapBytes">Peak off-heap storage + execution memory (null when not reported).</param>
/// <param name="SpillMemoryBytes">Memory spilled by the run's stages (all executors).</param>
/// <param name="SpillDiskBytes">Disk spilled by the run's stages.</param>
/// <param name="Readings">What a reader should see: whether the cache fitted, whether execution squeezed it, the headroom.</param>
public sealed record MemoryModelView(
    string Side,
    string RunId,
    string ExecutorId,
    UnifiedMemoryModel Model,
    long? ReportedMaxMemoryBytes,
    long? PeakJvmHeapBytes,
    long? PeakStorageBytes,
    long? PeakExecutionBytes,
    long? PeakUnifiedBytes,
    long? PeakOffHeapBytes,
    long SpillMemoryBytes,
    long SpillDiskBytes,
    IReadOnlyList<string> Readings);

/// <summary>A stage that reads a cached dataset in the candidate, with its matching baseline stage.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="CandidateStageId">Candidate stage id.</param>
/// <param name="BaselineStageId">Matching baseline stage id (<see cref="SparkTuner.Core.Spark.StageMatcher"/>), null when none matched.</param>
/// <param name="BaselineSeconds">Baseline stage duration, s.</param>
/// <param name="CandidateSeconds">Candidate stage duration, s.</param>
public sealed record CacheReadingStage(string Name, int CandidateStageId, int? BaselineStageId, double? BaselineSeconds, double? CandidateSeconds);

/// <summary>One dataset cached in the candidate.</summary>
/// <param name="Name">RDD / Dataset name.</param>
/// <param name="StorageLevel">Storage level.</param>
/// <param name="MemoryBytes">Bytes in memory.</param>
/// <param name="DiskBytes">Bytes on disk.</param>
/// <param name="CachedPartitions">Partitions cached.</param>
/// <param name="TotalPartitions">Partitions of the RDD.</param>
/// <param name="ReadingStages">Candidate stages whose RDDs include it.</param>
public sealed record CachedDatasetPayoff(
    string Name,
    string StorageLevel,
    long MemoryBytes,
    long DiskBytes,
    int CachedPartitions,
    int TotalPartitions,
    IReadOnlyList<CacheReadingStage> ReadingStages)
{
    /// <summary>Cached ÷ total partitions (1 when the RDD reports no partitions).</summary>
    public double FractionCached => TotalPartitions <= 0 ? 1 : (double)CachedPartitions / TotalPartitions;
}

/// <summary>Did caching pay off.</summary>
public enum CacheOutcome
{
    /// <summary>The reading stages took less time in the candidate.</summary>
    PaidOff,
    /// <summary>They took more time (or no time was saved): the cache cost more than it saved.</summary>
    DidNotPayOff,
    /// <summary>The difference is under 5 % of the baseline's time of those stages.</summary>
    NoClearEffect,
    /// <summary>The candidate caches nothing.</summary>
    NothingCached,
}

/// <summary>
/// Whether caching in the candidate paid off against the baseline that recomputed: the stages that read a cached dataset
/// against their matching baseline stages, what the cache cost in storage memory, GC time and heap peak, and eviction or spill.
/// </summary>
/// <param name="Outcome">The verdict.</param>
/// <param name="Verdict">One sentence naming both sides, e.g. "paid off: −89 s of stage time for 4.9 GiB of storage memory, no spill".</param>
/// <param name="Datasets">Each cached dataset of the candidate.</param>
/// <param name="BaselineStageSeconds">Σ duration of the baseline stages matching the reading stages, s.</param>
/// <param name="CandidateStageSeconds">Σ duration of the reading stages, s.</param>
/// <param name="StorageMemoryBytes">Σ memory the cached datasets take.</param>
/// <param name="StorageDiskBytes">Σ disk they take.</param>
/// <param name="GcSecondsChange">Candidate − baseline executor GC time (totalGCTime), s; null when unknown.</param>
/// <param name="HeapPeakChangeBytes">Candidate − baseline largest executor JVM heap peak, bytes; null when unknown.</param>
/// <param name="Evicted">Some partitions of a cached dataset are not cached (evicted or never fitted).</param>
/// <param name="SpillBytes">Memory + disk spilled by the candidate's reading stages.</param>
public sealed record CacheVerdict(
    CacheOutcome Outcome,
    string Verdict,
    IReadOnlyList<CachedDatasetPayoff> Datasets,
    double BaselineStageSeconds,
    double CandidateStageSeconds,
    long StorageMemoryBytes,
    long StorageDiskBytes,
    double? GcSecondsChange,
    long? HeapPeakChangeBytes,
    bool Evicted,
    long SpillBytes)
{
    /// <summary>Candidate − baseline time of the reading stages, s (negative: time saved).</summary>
    public double StageSecondsChange => CandidateStageSeconds - BaselineStageSeconds;
}

/// <summary>
/// The advisor's output for a comparison: every rule on both sides (changed first), the memory model per side for the
/// largest executor and the driver, and the cache verdict. A plain immutable tree, serialisable with
/// <see cref="SparkTuner.Core.Comparison.ComparisonJson.Options"/>.
/// </summary>
/// <param name="BaselineRunId">Baseline run the REST data came from.</param>
/// <param name="CandidateRunId">Candidate run.</param>
/// <param name="Findings">Rules with a finding on at least one side: new, worse, better, resolved first (most severe first), then same.</param>
/// <param name="MemoryModels">Baseline executor, baseline driver, candidate executor, candidate driver (those that could be built).</param>
/// <param name="Cache">Cache verdict.</param>
/// <param name="Notes">Defaults used, data missing.</param>
public sealed record AdviceReport(
    string BaselineRunId,
    string CandidateRunId,
    IReadOnlyList<FindingDiff> Findings,
    IReadOnlyList<MemoryModelView> MemoryModels,
    CacheVerdict Cache,
    IReadOnlyList<string> Notes);
