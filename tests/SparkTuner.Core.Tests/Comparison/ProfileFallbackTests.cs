using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

/// <summary>A run with nothing under the first enabled profile is read from the next one that has the metric.</summary>
public class ProfileFallbackTests
{
    [Fact]
    public async Task FetchStatistics_NoServletButCadvisor_DriverCpuFromTheDriverContainer()
    {
        var run = Run("spark-k1", durationSeconds: 90) with { Name = "etl.v2" };
        var source = new CadvisorOnly(run);
        var service = new ComparisonService(source, MetricCatalog.Default,
            new ComparisonServiceOptions { Profiles = ["spark-native", "kubernetes"], ScrapeInterval = TimeSpan.FromSeconds(15) });

        var fetch = await service.FetchStatisticsAsync("cpu", MetricScope.Driver, [run]);

        var data = fetch.ByRun[run.Id];
        Assert.Equal(MetricKind.Counter, data.Kind);
        Assert.Contains(data.Notes, n => n.StartsWith("read from the kubernetes profile", StringComparison.Ordinal));
        // cAdvisor's driver container: 3 + 7.5·i core·s for i = 0..12 (every 7.5 s), there from the start: 90 core·s.
        Assert.Equal(90, RunStatistics.Compute(data, Statistic.Integral, ExecutorAggregation.Sum).Value!.Value, 9);
        Assert.Contains(fetch.Queries, q => q.Contains("JVMCPU_jvmCpuTime", StringComparison.Ordinal));
        Assert.Contains(fetch.Queries, q => q.StartsWith("container_cpu_usage_seconds_total{container=\"spark-kubernetes-driver\", namespace=~\"etl\", pod=~\"etl-v2-driver\"}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FetchChart_NoServletButCadvisor_DrawnFromTheDriverContainer()
    {
        var run = Run("spark-k1", durationSeconds: 90) with { Name = "etl.v2" };
        var source = new CadvisorOnly(run);
        var service = new ComparisonService(source, MetricCatalog.Default,
            new ComparisonServiceOptions { Profiles = ["spark-native", "kubernetes"], ScrapeInterval = TimeSpan.FromSeconds(15) });

        var fetch = await service.FetchAsync("cpu", MetricScope.Driver, [run]);

        var series = Assert.Single(fetch.ByRun[run.Id].Series);
        Assert.Equal([1.0, 1, 1], series.Values);
        Assert.Equal(2, source.RangeQueries.Count);
        Assert.Contains("JVMCPU_jvmCpuTime", source.RangeQueries[0], StringComparison.Ordinal);
        Assert.StartsWith("max by (namespace, pod) (rate(container_cpu_usage_seconds_total{", source.RangeQueries[1], StringComparison.Ordinal);
    }

    /// <summary>Only kube_pod_labels and the driver container's CPU counter exist (no Spark servlet).</summary>
    private sealed class CadvisorOnly(SparkRun run) : ITimeSeriesSource
    {
        public string Describe => "cadvisor-only";

        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<IReadOnlyDictionary<string, string>> sets = matchers[0].StartsWith("kube_pod_labels", StringComparison.Ordinal)
                ? [new Dictionary<string, string> { ["namespace"] = "etl", ["pod"] = "etl-v2-driver", ["label_spark_role"] = "driver", ["label_spark_app_selector"] = run.Id }]
                : [];
            return Task.FromResult(QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(sets));
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<TimeSeries> data = [];
            if (promQl.StartsWith("container_cpu_usage_seconds_total", StringComparison.Ordinal))
            {
                var s = Ts(run, Enumerable.Range(0, 13).Select(i => i * 7.5).ToArray(), Enumerable.Range(0, 13).Select(i => 3 + 7.5 * i).ToArray());
                data = [s with { Labels = new Dictionary<string, string> { ["__name__"] = "container_cpu_usage_seconds_total", ["namespace"] = "etl", ["pod"] = "etl-v2-driver", ["container"] = "spark-kubernetes-driver" } }];
            }

            return Task.FromResult(QueryResult<IReadOnlyList<TimeSeries>>.Of(data));
        }

        public List<string> RangeQueries { get; } = [];

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            lock (RangeQueries) RangeQueries.Add(promQl);
            IReadOnlyList<TimeSeries> data = promQl.Contains("container_cpu_usage_seconds_total", StringComparison.Ordinal)
                ? [Ts(run, [0, 15, 30], [1, 1, 1]) with { Labels = new Dictionary<string, string> { ["namespace"] = "etl", ["pod"] = "etl-v2-driver" } }]
                : [];
            return Task.FromResult(QueryResult<IReadOnlyList<TimeSeries>>.Of(data));
        }
        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("x");
    }
}
