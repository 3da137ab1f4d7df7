using System.Text.Json;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Snapshots;

/// <summary>
/// Freezes a finished comparison (<see cref="ComparisonReport"/>) into a <see cref="ComparisonSnapshot"/>: the result
/// as computed, and every panel of the plan built by <see cref="ChartPanelBuilder"/> for each aggregation the page
/// offers — the same charts, at the same display resolution, the live page draws.
/// </summary>
public static class SnapshotBuilder
{
    /// <summary>The executor aggregations the Compare page offers (its toggle), each frozen for executor panels.</summary>
    public static IReadOnlyList<ExecutorAggregation> Aggregations { get; } =
        [ExecutorAggregation.Sum, ExecutorAggregation.Max, ExecutorAggregation.Mean, ExecutorAggregation.Each];

    /// <summary>Builds the snapshot of <paramref name="report"/>.</summary>
    /// <param name="report">A finished comparison (its fetches carry the raw samples the charts are drawn from).</param>
    /// <param name="link">The view state at save time; its groups should be the plan's.</param>
    /// <param name="source">Data source shown in the banner (no credentials).</param>
    /// <param name="productVersion">SparkTuner's version.</param>
    /// <param name="createdAt">Creation time.</param>
    /// <param name="sparkRest">The Spark REST sections as JSON (see <see cref="ComparisonSnapshot.SparkRest"/>), or null.</param>
    /// <param name="id">The id; a new random one (<see cref="SnapshotIds.New"/>) when null.</param>
    public static ComparisonSnapshot Build(
        ComparisonReport report, SnapshotLink link, string source, string productVersion, DateTimeOffset createdAt,
        JsonElement? sparkRest = null, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(link);
        var fetches = report.Fetches.ToDictionary(f => (f.MetricId, f.Scope));
        var groups = report.Plan.Groups.Select(g => new SnapshotPanelGroup(g.Group.Key, g.Group.Title,
                g.Panels.Select(p => Panel(p.Metric, p.Scope, fetches.GetValueOrDefault((p.Metric.Id, p.Scope)), report.BaselineRuns, report.CandidateRuns)).ToList()))
            .ToList();
        return new ComparisonSnapshot(SnapshotJson.KindName, SnapshotJson.CurrentVersion, id ?? SnapshotIds.New(), createdAt.ToUniversalTime(),
            source, productVersion, link, report.Result, groups, sparkRest);
    }

    private static SnapshotPanel Panel(MetricDefinition metric, MetricScope scope, MetricFetch? fetch, IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate)
    {
        var aggregations = scope == MetricScope.Driver ? [ExecutorAggregation.Sum] : Aggregations;
        var titles = aggregations.Select(a => new SnapshotChart(a, ChartPanelBuilder.Title(metric, scope, a))).ToList();
        if (fetch is null)
        {
            // The plan lists a panel the comparison did not fetch: frozen as failed rather than silently dropped.
            return new SnapshotPanel(metric.Id, scope, titles, [], [], null, "Not loaded when the snapshot was taken.");
        }
        if (!fetch.IsAvailable || fetch.Failed)
        {
            return new SnapshotPanel(metric.Id, scope, titles, [], fetch.Queries, fetch.UnavailableReason,
                fetch.Failed ? Series.QueryErrorHints.Explain(fetch.Error!) : null);
        }

        RunMetricData DataOf(SparkRun run) => fetch.ByRun.TryGetValue(run.Id, out var d)
            ? d
            : new RunMetricData(run, metric.Id, scope, metric.Kind, metric.Unit, []);
        var b = baseline.Select(DataOf).ToList();
        var c = candidate.Select(DataOf).ToList();
        // The page's default: "each" draws the top executors of every run by peak (the rest is not frozen).
        var charts = aggregations.Select(a => new SnapshotChart(a, ChartPanelBuilder.Title(metric, scope, a),
            ChartPanelBuilder.Build(metric, scope, b, c, a, topExecutors: ChartPanelBuilder.DefaultTopExecutors))).ToList();
        return new SnapshotPanel(metric.Id, scope, titles, charts, fetch.Queries, null, null);
    }
}
