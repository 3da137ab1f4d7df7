using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// The result of one metric query for one run: the driver series (0 or 1) or the executor series (one per executor,
/// told apart by the label <see cref="ExecutorLabel"/>), with the effective kind and unit after the query.
/// An empty <see cref="Series"/> list means "no data" and yields n/a, never zero.
/// </summary>
/// <param name="Run">The run the series belong to; only samples inside its [Start, End] count.</param>
/// <param name="MetricId">Logical metric id (see <see cref="MetricDefinition.Id"/>).</param>
/// <param name="Scope">Driver or executors; the two are never mixed.</param>
/// <param name="Kind">Effective kind of the queried series (a rate() of a counter is a gauge).</param>
/// <param name="Unit">Unit of the series values.</param>
/// <param name="Series">Range-query (or raw) series of this run, possibly padded by Prometheus' lookback.</param>
/// <param name="ExecutorLabel">Name of the label that identifies an executor (e.g. <c>executor_id</c>); null for the driver.</param>
public sealed record RunMetricData(
    SparkRun Run,
    string MetricId,
    MetricScope Scope,
    MetricKind Kind,
    MetricUnit Unit,
    IReadOnlyList<TimeSeries> Series,
    string? ExecutorLabel = null)
{
    /// <summary>True when <see cref="Series"/> hold raw samples as scraped (read with a range selector over the run's
    /// window widened by <see cref="ClosingSeconds"/>), false for the points of a range query.</summary>
    public bool RawSamples { get; init; }

    /// <summary>
    /// Raw samples only: seconds after the run's end within which the first later sample still closes counters and
    /// running peaks (one scrape interval). Spark's totals stop changing when the application ends, so the scrape right
    /// after the end carries the work of the run's last seconds.
    /// </summary>
    public double ClosingSeconds { get; init; }

    /// <summary>
    /// Raw samples only, parallel to <see cref="Series"/>: the earliest first sample (Unix seconds) among the copies a
    /// series was collapsed from (<see cref="Series.SeriesIdentity"/>); null: each series' own first sample. A counter
    /// whose identity was seen at or before the run's start was already there and is not counted from zero.
    /// </summary>
    public IReadOnlyList<double>? FirstSeen { get; init; }

    /// <summary>
    /// True when Prometheus reduced each series to one value (<see cref="ServerReduction"/>): each of
    /// <see cref="Series"/> holds a single sample at the run's end — a counter's total over the run, a running peak's
    /// peak, or a gauge's largest sample inside the run — computed by the raw-sample rules, not its samples.
    /// </summary>
    public bool Reduced { get; init; }

    /// <summary>Why there is no data at all for this metric (its query failed, or no enabled exporter provides it); the row is n/a with this note.</summary>
    public string? NotAvailableReason { get; init; }

    /// <summary>How the data was read, for the row's note (duplicates collapsed, a fallback name found).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when the query returned no series for this run.</summary>
    public bool IsEmpty => Series.Count == 0;
}
