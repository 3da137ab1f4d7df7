using System.Text.Json;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Core.Snapshots;

/// <summary>
/// A comparison frozen as the Compare page showed it, so it can be opened after Prometheus and Spark's REST API have
/// forgotten the runs. Immutable once written (the store never updates one). Serialised with
/// <see cref="SnapshotJson"/>; <see cref="Kind"/> and <see cref="FormatVersion"/> let an import refuse a foreign or
/// newer file.
/// </summary>
/// <param name="Kind">Always <see cref="SnapshotJson.KindName"/>: tells a snapshot from any other JSON.</param>
/// <param name="FormatVersion">The model's version (<see cref="SnapshotJson.CurrentVersion"/>); a change of shape increments it.</param>
/// <param name="Id">Unguessable id (<see cref="SnapshotIds"/>: 128 random bits, base64url).</param>
/// <param name="CreatedAt">When the snapshot was taken (UTC).</param>
/// <param name="Source">The data source the comparison came from (Prometheus URL without credentials).</param>
/// <param name="ProductVersion">SparkTuner's version that took it.</param>
/// <param name="Link">The view state at save time (and the runs, range and options that went into it).</param>
/// <param name="Result">The summary: sides with their runs and times, rows with spread, CI, verdict and notes, warnings.</param>
/// <param name="Groups">Chart panels of the link's metric groups, each at display resolution for every aggregation offered.</param>
/// <param name="SparkRest">
/// The Spark REST sections for the run pair of <see cref="SnapshotLink.RestBaseline"/> and <see cref="SnapshotLink.RestCandidate"/>, as the web layer's view model
/// serialises them (<c>SparkRestViewModel</c> in SparkTuner.Web, which holds Core's StageComparison, PlanDiffResult,
/// ConfigDiffEntry and CachedDataSummary); null when not captured (the CLI has no REST sections).
/// </param>
/// <param name="AdvisorFindings">
/// Reserved for the advisor's findings (issue 15) once it exists: kept as opaque JSON so a snapshot format does not
/// depend on the advisor's shape. Null today.
/// </param>
public sealed record ComparisonSnapshot(
    string Kind,
    int FormatVersion,
    string Id,
    DateTimeOffset CreatedAt,
    string Source,
    string ProductVersion,
    SnapshotLink Link,
    ComparisonResult Result,
    IReadOnlyList<SnapshotPanelGroup> Groups,
    JsonElement? SparkRest = null,
    JsonElement? AdvisorFindings = null)
{
    /// <summary>Run names, ids and side labels, lower-cased, that a search by run name or label matches.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SearchText => string.Join('\n', new[] { Result.Baseline, Result.Candidate }
        .SelectMany(s => s.Runs.SelectMany(r => new[] { r.Name, r.Id }).Append(s.Label))
        .Distinct()).ToLowerInvariant();

    /// <summary>A one-line title: "3 × a-noncached vs 3 × a-cached".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Title => $"{Describe(Result.Baseline)} vs {Describe(Result.Candidate)}";

    private static string Describe(SideInfo side) => side.Runs.Count == 1 ? side.Runs[0].Name : $"{side.Runs.Count} × {side.Label}";
}

/// <summary>The Compare page's link state at save time.</summary>
/// <param name="Baseline">Baseline run ids, in the link's order.</param>
/// <param name="Candidate">Candidate run ids, in the link's order.</param>
/// <param name="From">Start of the range the runs were searched in.</param>
/// <param name="To">End of that range.</param>
/// <param name="Groups">Metric group keys shown (all the snapshot holds; a snapshot link may show fewer).</param>
/// <param name="Aggregation">Executor aggregation shown at save time.</param>
/// <param name="SideBySide">True for the side-by-side layout, false for overlay.</param>
/// <param name="RestBaseline">0-based position in the baseline side of the run the REST sections compare.</param>
/// <param name="RestCandidate">0-based position in the candidate side of that run.</param>
public sealed record SnapshotLink(
    IReadOnlyList<string> Baseline,
    IReadOnlyList<string> Candidate,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Groups,
    ExecutorAggregation Aggregation,
    bool SideBySide,
    int RestBaseline,
    int RestCandidate);

/// <summary>A metric group's panels (<see cref="ComparisonPlan.Groups"/> order).</summary>
/// <param name="Key">Group key used in links.</param>
/// <param name="Title">Group title shown.</param>
/// <param name="Panels">Panels in the plan's order.</param>
public sealed record SnapshotPanelGroup(string Key, string Title, IReadOnlyList<SnapshotPanel> Panels);

/// <summary>
/// One (metric, scope) panel. A driver panel has one chart (aggregation does not apply); an executor panel has one
/// per aggregation the page offers (<see cref="SnapshotBuilder.Aggregations"/>), so the toggle works without data.
/// </summary>
/// <param name="MetricId">Logical metric id.</param>
/// <param name="Scope">Driver or executors.</param>
/// <param name="Titles">Panel title per aggregation (also for panels without chart).</param>
/// <param name="Charts">Charts as built by <see cref="ChartPanelBuilder"/> (M4 at its default width), per aggregation; empty when not available or failed.</param>
/// <param name="Queries">PromQL behind the panel (shown with an error).</param>
/// <param name="UnavailableReason">Why the exporter profile cannot provide it; null when it can.</param>
/// <param name="Error">The query error as the page showed it; null when it succeeded.</param>
public sealed record SnapshotPanel(
    string MetricId,
    MetricScope Scope,
    IReadOnlyList<SnapshotChart> Titles,
    IReadOnlyList<SnapshotChart> Charts,
    IReadOnlyList<string> Queries,
    string? UnavailableReason,
    string? Error)
{
    /// <summary>The chart drawn for <paramref name="aggregation"/> (a driver panel's only chart for any), or null.</summary>
    public ChartPanelModel? ChartFor(ExecutorAggregation aggregation) =>
        (Charts.FirstOrDefault(c => c.Aggregation == aggregation) ?? (Scope == MetricScope.Driver ? Charts.FirstOrDefault() : null))?.Chart;

    /// <summary>The title for <paramref name="aggregation"/>.</summary>
    public string TitleFor(ExecutorAggregation aggregation) =>
        (Titles.FirstOrDefault(c => c.Aggregation == aggregation) ?? Titles.FirstOrDefault())?.Title ?? MetricId;
}

/// <summary>A chart or a title for one aggregation (a list, not a dictionary, so the JSON keeps the enum's names).</summary>
/// <param name="Aggregation">Executor aggregation.</param>
/// <param name="Title">Panel title for it.</param>
/// <param name="Chart">The chart; null in <see cref="SnapshotPanel.Titles"/>.</param>
public sealed record SnapshotChart(ExecutorAggregation Aggregation, string Title, ChartPanelModel? Chart = null);

/// <summary>What a store lists of a snapshot: no payload.</summary>
/// <param name="Id">Snapshot id.</param>
/// <param name="CreatedAt">When it was taken.</param>
/// <param name="Title">One-line title (<see cref="ComparisonSnapshot.Title"/>).</param>
/// <param name="Source">Data source it came from.</param>
/// <param name="BaselineRuns">Run names of the baseline side.</param>
/// <param name="CandidateRuns">Run names of the candidate side.</param>
/// <param name="SizeBytes">Stored (compressed) size in bytes.</param>
public sealed record SnapshotSummary(
    string Id, DateTimeOffset CreatedAt, string Title, string Source, IReadOnlyList<string> BaselineRuns, IReadOnlyList<string> CandidateRuns, long SizeBytes);

/// <summary>A file or request that is not a snapshot this version can read; the message says what is wrong.</summary>
public sealed class SnapshotFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The store already holds a snapshot with this id (snapshots are immutable: an import never replaces one).</summary>
public sealed class SnapshotExistsException(string id) : Exception($"A snapshot with id '{id}' already exists; snapshots are never replaced.")
{
    /// <summary>The id that exists.</summary>
    public string Id { get; } = id;
}
