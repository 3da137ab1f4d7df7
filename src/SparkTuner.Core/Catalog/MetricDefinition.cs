namespace SparkTuner.Core.Catalog;

/// <summary>Unit of a metric's series values (after the query: rate() of a CPU-seconds counter is <see cref="Cores"/>).</summary>
public enum MetricUnit
{
    Bytes,
    BytesPerSecond,
    Cores,
    Seconds,
    Count,
    Ratio,
}

/// <summary>A statistic of one run's (aggregated) series.</summary>
public enum Statistic
{
    /// <summary>Maximum sample inside the run (for running peaks: the final value).</summary>
    Peak,
    /// <summary>Time-weighted mean inside the run.</summary>
    Mean,
    /// <summary>95th percentile of the samples inside the run (time-weighted).</summary>
    P95,
    /// <summary>Integral over the run (GiB·s for bytes, core·s for cores).</summary>
    Integral,
    /// <summary>Increase over the run, for counters (resets handled).</summary>
    Increase,
    /// <summary>The run's own duration in seconds (no series needed).</summary>
    Duration,
}

/// <summary>
/// One row of a comparison's summary table: a metric, a scope, a statistic and how executors are combined,
/// under a stable id (e.g. <c>executor_jvm_heap_peak_bytes</c>) that API, CLI and gates use.
/// </summary>
public sealed record SummarySpec(string Id, string MetricId, MetricScope Scope, Statistic Statistic, ExecutorAggregation Aggregation, string DisplayName);

/// <summary>
/// A logical metric, independent of the exporter that provides it. PromQL templates per exporter profile live in
/// configuration (see <c>ExporterProfile</c>), keyed by <see cref="Id"/>.
/// </summary>
public sealed record MetricDefinition(
    string Id,
    string DisplayName,
    string Group,
    MetricUnit Unit,
    MetricKind Kind,
    Direction Better,
    IReadOnlyList<MetricScope> Scopes,
    string Description,
    bool PeakSensitive = false);
