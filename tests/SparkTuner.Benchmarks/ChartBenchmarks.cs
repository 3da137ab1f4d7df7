using BenchmarkDotNet.Attributes;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Benchmarks;

/// <summary>ChartPanelBuilder.Build of one executor panel: 3 + 3 runs × 50 executors × 1,440 points (2 h at 5 s).</summary>
[MemoryDiagnoser]
public class ChartBenchmarks
{
    private const int Runs = 3, Executors = 50, Points = 1440;
    private MetricDefinition _metric = null!;
    private List<RunMetricData> _baseline = [], _candidate = [];

    [Params(ExecutorAggregation.Each, ExecutorAggregation.Sum)]
    public ExecutorAggregation Aggregation { get; set; }

    /// <summary>jvm_heap (gauge) or task_time (counter: drawn as increase).</summary>
    [Params("jvm_heap", "task_time")]
    public string Metric { get; set; } = "jvm_heap";

    [GlobalSetup]
    public void Setup()
    {
        _metric = MetricCatalog.Default.GetMetric(Metric);
        for (var r = 0; r < 2 * Runs; r++)
        {
            var run = Synthetic.Run(r, r < Runs ? "noncached" : "cached", Executors, Points, 5);
            var series = Synthetic.ExecutorSeries(run, Executors, Points, 5, _metric.Kind == MetricKind.Counter, seed: 100 + r);
            (r < Runs ? _baseline : _candidate).Add(Synthetic.Data(run, _metric, MetricScope.Executor, series));
        }
    }

    [Benchmark]
    public int Build() => ChartPanelBuilder.Build(_metric, MetricScope.Executor, _baseline, _candidate, Aggregation).GetHashCode();
}
