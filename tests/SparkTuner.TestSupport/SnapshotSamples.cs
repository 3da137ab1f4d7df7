using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Snapshots;

namespace SparkTuner.TestSupport;

/// <summary>Hand-built snapshots for store, import and export tests (no Prometheus): every part of the model filled.</summary>
public static class SnapshotSamples
{
    /// <summary>A snapshot of <paramref name="baselineName"/> vs <paramref name="candidateName"/> (three runs each), with a chart of <paramref name="points"/> points per trace.</summary>
    public static ComparisonSnapshot Make(string baselineName = "etl-noncached", string candidateName = "etl-cached", DateTimeOffset? createdAt = null, int points = 200, string? id = null)
    {
        var start = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        List<RunInfo> Runs(string name, string prefix) => Enumerable.Range(1, 3)
            .Select(i => new RunInfo($"spark-{prefix}{i:000}", name, start.AddMinutes(10 * i), start.AddMinutes(10 * i + 4), 240 + i)).ToList();
        var baseline = new SideInfo(baselineName, Runs(baselineName, "b"));
        var candidate = new SideInfo(candidateName, Runs(candidateName, "c"));
        var spread = new Spread(1.5, 10, 13, 3, baseline.Runs.Select((r, i) => new RunValue(r.Id, 10 + 1.5 * i)).ToList());
        var rows = new List<SummaryRow>
        {
            new("duration_seconds", "duration", "Duration", "Run", MetricUnit.Seconds, MetricScope.Driver, Statistic.Duration, ExecutorAggregation.Sum,
                Direction.LowerIsBetter, 241.5, 200.25, spread, spread, -17.08, 0.2059, new RipInterval(0.1, 0.3), Verdict.Better, null, "3 runs per side"),
            new("executor_heap_peak", "executor_jvm_heap", "Executor heap peak", "Memory", MetricUnit.Bytes, MetricScope.Executor, Statistic.Peak, ExecutorAggregation.Sum,
                Direction.LowerIsBetter, 3.2e9, null, spread, null, null, null, null, Verdict.NotAvailable, "no candidate data", null),
        };
        var x = Enumerable.Range(0, points).Select(i => i * 5.0).ToArray();
        var y = x.Select((v, i) => i == points / 2 ? double.NaN : Math.Round(Math.Sin(v / 50) * 100, 3)).ToArray();
        ChartPanelModel Chart(ExecutorAggregation a) => new($"Executor JVM heap · executors ({a.ToString().ToLowerInvariant()})", "executor_jvm_heap", MetricScope.Executor,
            MetricUnit.Bytes, "GiB",
            [new ChartTrace("Baseline · mean", ChartSides.Baseline, ChartRoles.Mean, x, y, "#1f77b4", true, "baseline"),
             new ChartTrace("Candidate · mean", ChartSides.Candidate, ChartRoles.Mean, x, y.Select(v => v * 2).ToArray(), "#ff7f0e", true, "candidate") { LineWidth = 1 }],
            [new ChartMarker(ChartSides.Baseline, 10, 100, "peak 100 GiB", "#1f77b4")], null) { DisplayDivisor = 1 << 30 };
        var aggs = SnapshotBuilder.Aggregations;
        var panels = new List<SnapshotPanel>
        {
            new("executor_jvm_heap", MetricScope.Executor, aggs.Select(a => new SnapshotChart(a, Chart(a).Title)).ToList(),
                aggs.Select(a => new SnapshotChart(a, Chart(a).Title, Chart(a))).ToList(), ["jvm_heap{application_id=~\"a|b\"}"], null, null),
            new("driver_gc", MetricScope.Driver, [new SnapshotChart(ExecutorAggregation.Sum, "GC · driver")], [], ["gc_time"], null, "Prometheus said: bad_data"),
        };
        var link = new SnapshotLink(baseline.Runs.Select(r => r.Id).ToList(), candidate.Runs.Select(r => r.Id).ToList(), start, start.AddHours(1),
            ["memory"], ExecutorAggregation.Sum, false, 0, 0);
        return new ComparisonSnapshot(SnapshotJson.KindName, SnapshotJson.CurrentVersion, id ?? SnapshotIds.New(), createdAt ?? start.AddHours(2),
            "http://prometheus:9090", "1.0.0-test", link, new ComparisonResult(baseline, candidate, rows, ["a warning"]),
            [new SnapshotPanelGroup("memory", "Memory", panels)]);
    }
}
