using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Web.Tests.Controls;

/// <summary>Hand-made view models for the control tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);

    public static RunInfo Run(string id, double offsetMinutes = 0, double durationSeconds = 300) =>
        new(id, "app-" + id, Start.AddMinutes(offsetMinutes), Start.AddMinutes(offsetMinutes).AddSeconds(durationSeconds), durationSeconds);

    public static SideInfo Baseline => new("no cache", [Run("b1"), Run("b2", 10), Run("b3", 20)]);

    public static SideInfo Candidate => new("with cache", [Run("c1", 30, 120), Run("c2", 40, 130), Run("c3", 50, 125)]);

    public static Spread Spread(params double[] values) => new(
        values.Length > 1 ? 0.1 : null, values.Min(), values.Max(), values.Length,
        values.Select((v, i) => new RunValue($"r{i + 1}", v)).ToList());

    public static SummaryRow Row(string metric, Verdict verdict, double? baseline, double? candidate, MetricUnit unit = MetricUnit.Bytes,
        Statistic statistic = Statistic.Peak, string group = "memory", double? percent = null, double? rip = null, RipInterval? ci = null, string? note = null) =>
        new(metric, metric, "Name of " + metric, group, unit, MetricScope.Executor, statistic, ExecutorAggregation.Sum, Direction.LowerIsBetter,
            baseline, candidate, baseline is { } b ? Spread(b, b) : null, candidate is { } c ? Spread(c, c) : null, percent, rip, ci, verdict, note, null);

    public static ComparisonResult Result(params SummaryRow[] rows) => new(Baseline, Candidate, rows, []);

    public static ComparisonResult Typical() => Result(
        Row("duration_seconds", Verdict.Better, 300, 125, MetricUnit.Seconds, Statistic.Duration, "tasks", -58.3, 0.76, new RipInterval(0.70, 0.80)),
        Row("executor_jvm_heap_peak_bytes", Verdict.Worse, 3221225472, 4294967296, percent: 33.3, rip: -0.25, ci: new RipInterval(-0.31, -0.2)),
        Row("executor_cpu_mean_cores", Verdict.WithinNoise, 2.5, 2.4, MetricUnit.Cores, Statistic.Mean, "cpu", -4, 0.02),
        Row("executor_storage_memory_peak_bytes", Verdict.Informational, 0, 1073741824, percent: null, rip: null),
        Row("executor_disk_spill_bytes", Verdict.NotAvailable, null, 10, note: "no data for run b1"));

    public static ChartPanelModel Chart(string title = "Executor heap · executors (sum)", double peak = 3.2) => new(
        title, "executor_heap", MetricScope.Executor, MetricUnit.Bytes, "GiB",
        [
            new ChartTrace("Baseline · run 1", ChartSides.Baseline, ChartRoles.Run, [0, 10, 20], [1, peak, double.NaN], ChartColors.Baseline, true, ChartSides.Baseline),
            new ChartTrace("Candidate · run 1", ChartSides.Candidate, ChartRoles.Run, [0, 10], [1, 2], ChartColors.Candidate, true, ChartSides.Candidate),
        ],
        [new ChartMarker(ChartSides.Baseline, 10, peak, $"peak {peak:0.00} GiB", ChartColors.Baseline)],
        null);
}
