using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Comparison;

/// <summary>Small builders for runs and series; times are relative to a fixed epoch so tests read in run seconds.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Epoch = new(2024, 6, 11, 12, 0, 0, TimeSpan.Zero);

    public static SparkRun Run(string id, double startOffsetSeconds = 0, double durationSeconds = 30, int executors = 2) =>
        new(id, "app-" + id, Epoch.AddSeconds(startOffsetSeconds), Epoch.AddSeconds(startOffsetSeconds + durationSeconds), executors, "v");

    /// <summary>A series whose timestamps are <paramref name="runSeconds"/> after the run's start.</summary>
    public static TimeSeries Ts(SparkRun run, double[] runSeconds, double[] values, string? executor = null)
    {
        var start = RunAlignment.UnixSeconds(run.Start);
        var labels = new Dictionary<string, string> { ["__name__"] = "m" };
        if (executor is not null)
        {
            labels["executor_id"] = executor;
        }

        return new TimeSeries(labels, runSeconds.Select(t => start + t).ToArray(), values);
    }

    public static RunMetricData Driver(SparkRun run, MetricKind kind, params TimeSeries[] series) =>
        new(run, "m", MetricScope.Driver, kind, MetricUnit.Bytes, series);

    public static RunMetricData Executors(SparkRun run, MetricKind kind, params TimeSeries[] series) =>
        new(run, "m", MetricScope.Executor, kind, MetricUnit.Bytes, series, "executor_id");

    public static AlignedSeries Aligned(double[] seconds, double[] values) => new("s", seconds, values, 0);
}
