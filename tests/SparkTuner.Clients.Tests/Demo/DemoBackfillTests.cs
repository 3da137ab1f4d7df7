using System.Globalization;
using System.Text.Json;
using SparkTuner.Demo;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Demo;

/// <summary>The default demo (6 runs × 4 executors) through the real promtool backfill and a real Prometheus.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class DemoBackfillTests(DemoPrometheusFixture fx)
{
    private const string Window = "[2h]";

    private static double Value(JsonElement sample) =>
        double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    private static string Label(JsonElement sample, string name) => sample.GetProperty("metric").GetProperty(name).GetString()!;

    [Fact]
    public async Task Backfill_DefaultDemo_SixRunsWithFourExecutorsEach()
    {
        var result = await fx.QueryAsync(
            $"count by (application_id)(count by (application_id, executor_id)(count_over_time(metrics_executor_totalCores{{executor_id!=\"driver\"}}{Window})))");
        Assert.Equal(6, result.GetArrayLength());
        Assert.All(result.EnumerateArray(), s => Assert.Equal(4, Value(s)));
        Assert.Equal(fx.Manifest.Runs.Select(r => r.AppId).Order(), result.EnumerateArray().Select(s => Label(s, "application_id")).Order());

        // Instant query inside a run (not at "now", which is past the 5-min lookback): only that run's executors.
        var run = fx.Manifest.Runs[2];
        var mid = (run.Start + (run.End - run.Start) / 2).ToUnixTimeMilliseconds() / 1000.0;
        var inside = await fx.QueryAsync("sum by (application_id)(metrics_executor_totalCores)", mid);
        Assert.Equal(run.AppId, Label(inside[0], "application_id"));
        Assert.Equal(8, Value(inside[0]));
    }

    [Fact]
    public async Task Backfill_FirstAndLastRawSample_MatchManifestWithinOneScrapeInterval()
    {
        var interval = fx.Manifest.ScrapeIntervalSeconds;
        var result = await fx.QueryAsync($"spark_info{Window}");
        Assert.Equal(6, result.GetArrayLength());
        foreach (var series in result.EnumerateArray())
        {
            var pod = Label(series, "pod");
            var run = fx.Manifest.Runs.Single(r => r.Pods[0].Name == pod);
            var ts = series.GetProperty("values").EnumerateArray().Select(v => v[0].GetDouble()).ToArray();
            double start = run.Start.ToUnixTimeMilliseconds() / 1000.0, end = run.End.ToUnixTimeMilliseconds() / 1000.0;
            Assert.InRange(ts[0], start, start + interval);
            Assert.InRange(ts[^1], end - interval, end);
            Assert.Equal((int)((end - start) / interval), ts.Length, 1.0);
        }
    }

    [Fact]
    public async Task Backfill_ExecutorEndpointNames_StoredExactlyAsSpark()
    {
        var names = await fx.LabelValuesAsync("__name__");
        foreach (var n in DemoDataset.ExecutorMetricNames.Append("spark_info")) Assert.Contains(n, names);
        Assert.DoesNotContain("metrics_executor_failedTasks_total_total", names);
        Assert.Contains("metrics_cartesian_200k_cached_driver_BlockManager_memory_memUsed_MB_Number", names);
        Assert.Contains("metrics_cartesian_200k_noncached_driver_LiveListenerBus_numEventsPosted_Count", names);
    }

    [Fact]
    public async Task Backfill_ServletCadvisorAndKubeStateMetrics_PresentForEveryRun()
    {
        foreach (var variant in new[] { "cached", "noncached" })
        {
            var heap = await fx.QueryAsync($"count by (pod)(count_over_time(metrics_cartesian_200k_{variant}_driver_jvm_heap_used_Value{{type=\"gauges\",job=\"spark-driver\"}}{Window}))");
            var expected = fx.Manifest.Runs.Where(r => r.Variant == variant).Select(r => r.Pods[0].Name).Order();
            Assert.Equal(expected, heap.EnumerateArray().Select(s => Label(s, "pod")).Order());
        }

        var cpu = await fx.QueryAsync($"count by (pod, container)(count_over_time(container_cpu_usage_seconds_total{{job=\"kubelet\",namespace=\"spark-demo\"}}{Window}))");
        var pods = fx.Manifest.Runs.SelectMany(r => r.Pods).ToArray();
        Assert.Equal(pods.Length, cpu.GetArrayLength());
        Assert.Equal(pods.Select(p => p.Name).Order(), cpu.EnumerateArray().Select(s => Label(s, "pod")).Order());

        var ksm = await fx.QueryAsync($"count by (label_spark_app_selector, label_spark_role)(count by (label_spark_app_selector, label_spark_role, pod)(count_over_time(kube_pod_labels{Window})))");
        foreach (var run in fx.Manifest.Runs)
        {
            var forApp = ksm.EnumerateArray().Where(s => Label(s, "label_spark_app_selector") == run.AppId).ToDictionary(s => Label(s, "label_spark_role"), Value);
            Assert.Equal(1, forApp["driver"]);
            Assert.Equal(4, forApp["executor"]);
        }
    }

    [Fact]
    public async Task Backfill_JoinCadvisorCpuToApp_CachedUsesLessCpuThanNonCached()
    {
        // REFERENCE §3.3 join: executor CPU per app via kube_pod_labels.
        var q = $"sum by (label_spark_app_selector)(max_over_time(container_cpu_usage_seconds_total{{container=\"spark-kubernetes-executor\"}}{Window}) " +
                $"* on(namespace, pod) group_left(label_spark_app_selector) max_over_time(kube_pod_labels{{label_spark_role=\"executor\"}}{Window}))";
        var result = await fx.QueryAsync(q);
        Assert.Equal(6, result.GetArrayLength());
        var byApp = result.EnumerateArray().ToDictionary(s => Label(s, "label_spark_app_selector"), Value);
        var cached = fx.Manifest.Runs.Where(r => r.Variant == "cached").Average(r => byApp[r.AppId]);
        var plain = fx.Manifest.Runs.Where(r => r.Variant == "noncached").Average(r => byApp[r.AppId]);
        Assert.True(cached < plain * 0.8, $"cached {cached:0} cpu-s vs non-cached {plain:0} cpu-s");
    }
}
