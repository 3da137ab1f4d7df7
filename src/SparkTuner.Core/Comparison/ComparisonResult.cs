using System.Text.Json.Serialization;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// The outcome of comparing a baseline side with a candidate side: one serialisable tree, identical for the web page,
/// the HTTP API and the CLI (see <see cref="ComparisonJson.Options"/>).
/// </summary>
public sealed record ComparisonResult(SideInfo Baseline, SideInfo Candidate, IReadOnlyList<SummaryRow> Rows, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The advisor's findings, memory models and cache verdict (from Spark's REST API) when they were asked for
    /// (<c>compare --advice</c>, <c>/api/compare?advice=true</c>); absent from the JSON otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SparkTuner.Core.Advice.AdviceReport? Advice { get; init; }
}

/// <summary>One side of a comparison: a label and its runs (one run, or a group of repeated runs).</summary>
public sealed record SideInfo(string Label, IReadOnlyList<RunInfo> Runs);

/// <summary>A run as listed in a comparison.</summary>
/// <param name="Id">Application id.</param>
/// <param name="Name">Application name.</param>
/// <param name="Start">Start of the run's window (UTC).</param>
/// <param name="End">End of the run's window (UTC); for a running run, its latest sample so far.</param>
/// <param name="DurationSeconds">End − start, in seconds.</param>
/// <param name="State">Completed or still running (JSON <c>"completed"</c> / <c>"running"</c>); see <see cref="RunState"/>.</param>
public sealed record RunInfo(string Id, string Name, DateTimeOffset Start, DateTimeOffset End, double DurationSeconds, RunState State = RunState.Completed);

/// <summary>A run's value of a row's statistic (null when missing for that run).</summary>
public sealed record RunValue(string RunId, double? Value);

/// <summary>Spread of one side's per-run values. <see cref="Sd"/> is the sample standard deviation (n − 1), null when n &lt; 2.</summary>
public sealed record Spread(double? Sd, double Min, double Max, int N, IReadOnlyList<RunValue> Values);

/// <summary>A confidence interval for RIP.</summary>
public sealed record RipInterval(double Low, double High);

/// <summary>Verdict of one row.</summary>
public enum Verdict
{
    /// <summary>The candidate is better beyond noise.</summary>
    Better,
    /// <summary>The candidate is worse beyond noise.</summary>
    Worse,
    /// <summary>The difference is not distinguishable from run-to-run noise (or is below the threshold).</summary>
    WithinNoise,
    /// <summary>A neutral metric: reported, never judged.</summary>
    Informational,
    /// <summary>Not available: a side has no value (see the row's note).</summary>
    [JsonStringEnumMemberName("n/a")]
    NotAvailable,
}

/// <summary>
/// One metric's line in the summary table.
/// </summary>
/// <param name="Metric">Stable row id (e.g. <c>duration_seconds</c>) used by API, CLI and gates.</param>
/// <param name="MetricId">Logical metric id.</param>
/// <param name="DisplayName">Human name of the row.</param>
/// <param name="Group">Catalog group (memory, CPU, GC, …).</param>
/// <param name="Unit">Unit of the metric's series; the statistic decides the value's unit (Integral adds ·s).</param>
/// <param name="Scope">Driver or executors.</param>
/// <param name="Statistic">Which statistic of each run.</param>
/// <param name="Aggregation">How executors are combined (ignored for the driver).</param>
/// <param name="Better">Which direction is an improvement.</param>
/// <param name="Baseline">Mean over the baseline runs that have a value; null when none has.</param>
/// <param name="Candidate">Mean over the candidate runs that have a value; null when none has.</param>
/// <param name="BaselineSpread">Per-run values and spread of the baseline; null when no run has a value.</param>
/// <param name="CandidateSpread">Per-run values and spread of the candidate; null when no run has a value.</param>
/// <param name="PercentChange">See <see cref="RelativeChange.Compute"/>; null when n/a.</param>
/// <param name="Rip">See <see cref="RelativeChange.Compute"/>; null when n/a.</param>
/// <param name="RipCi95">Bootstrap 95 % interval of RIP; null with one run per side or when n/a.</param>
/// <param name="Verdict">Better, worse, within noise, informational or n/a (see <see cref="NoiseEstimator"/>).</param>
/// <param name="Note">Why a value is n/a or partial, skipped samples, etc.; null when nothing to say.</param>
/// <param name="NoiseNote">How (or whether) noise was estimated.</param>
/// <param name="VerdictReason">For a within-noise verdict: which tests the difference did not pass; for a row made informational because a run is still running: that; null otherwise.</param>
public sealed record SummaryRow(
    string Metric,
    string MetricId,
    string DisplayName,
    string Group,
    MetricUnit Unit,
    MetricScope Scope,
    Statistic Statistic,
    ExecutorAggregation Aggregation,
    Direction Better,
    double? Baseline,
    double? Candidate,
    Spread? BaselineSpread,
    Spread? CandidateSpread,
    double? PercentChange,
    double? Rip,
    RipInterval? RipCi95,
    Verdict Verdict,
    string? Note,
    string? NoiseNote,
    string? VerdictReason = null);
