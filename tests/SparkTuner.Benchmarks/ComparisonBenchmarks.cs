using BenchmarkDotNet.Attributes;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Statistics and the whole comparison (every summary row of MetricCatalog.Default, bootstrap included) for
/// 3 + 3 runs × 200 executors × 1,440 points. Metrics of one kind share a run's series (the work per row is the same).
/// </summary>
[MemoryDiagnoser]
public class ComparisonBenchmarks
{
    private const int Runs = 3, Executors = 200, Points = 1440;
    private readonly MetricCatalog _catalog = MetricCatalog.Default;
    private List<SparkRun> _baseline = [], _candidate = [];
    private Dictionary<(string Run, string Metric, MetricScope Scope), RunMetricData> _data = new();
    private Dictionary<string, MetricDefinition> _metrics = new();
    private RunMetricData _heap = null!, _tasks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = _catalog.Metrics.ToDictionary(m => m.Id, StringComparer.Ordinal);
        for (var r = 0; r < 2 * Runs; r++)
        {
            var run = Synthetic.Run(r, r < Runs ? "noncached" : "cached", Executors, Points, 5);
            (r < Runs ? _baseline : _candidate).Add(run);
            var gauges = Synthetic.ExecutorSeries(run, Executors, Points, 5, counter: false, seed: 200 + r);
            var counters = Synthetic.ExecutorSeries(run, Executors, Points, 5, counter: true, seed: 300 + r);
            foreach (var m in _catalog.Metrics)
            {
                foreach (var s in m.Scopes)
                {
                    _data[(run.Id, m.Id, s)] = Synthetic.Data(run, m, s, m.Kind == MetricKind.Counter ? counters : gauges);
                }
            }
        }
        _heap = _data[(_baseline[0].Id, "jvm_heap", MetricScope.Executor)];
        _tasks = _data[(_baseline[0].Id, "task_time", MetricScope.Executor)];
    }

    /// <summary>Peak of the largest executor, one run × 200 executors.</summary>
    [Benchmark]
    public double? PeakMaxOneRun() => RunStatistics.Compute(_heap, Statistic.Peak, ExecutorAggregation.Max).GetHashCode();

    /// <summary>Peak of the executors' sum, one run × 200 executors (union grid + step hold).</summary>
    [Benchmark]
    public double? PeakSumOneRun() => RunStatistics.Compute(_heap, Statistic.Peak, ExecutorAggregation.Sum).GetHashCode();

    /// <summary>Counter increase summed over executors, one run.</summary>
    [Benchmark]
    public double? IncreaseSumOneRun() => RunStatistics.Compute(_tasks, Statistic.Increase, ExecutorAggregation.Sum).GetHashCode();

    /// <summary>Every summary row of the default catalog, 3 + 3 runs, bootstrap (2,000 resamples) included.</summary>
    [Benchmark]
    public int CompareAllRows() =>
        ComparisonEngine.Compare(_baseline, _candidate, _catalog.Summary, _metrics,
            (run, row) => _data.TryGetValue((run.Id, row.MetricId, row.Scope), out var d) ? d : null).Rows.Count;
}
