using Microsoft.Extensions.Time.Testing;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Tests.Runs;

/// <summary>
/// Run discovery on the data shapes of the truth cases (still-running, completed-driver-pod, exported-labels,
/// spark30-names, ha-replicas), scrape interval 15 s, timestamps off the query step as real scrapes are.
/// </summary>
public class RunLifecycleDiscoveryTests
{
    private const double Now = 1_700_010_000;
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset From = At(Now - 7200);
    private static readonly DateTimeOffset To = At(Now);

    private static DateTimeOffset At(double unixSeconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000));

    private static double[] Grid(double t0, int n, double interval = 15) => Enumerable.Range(0, n).Select(i => t0 + i * interval).ToArray();

    private static Dictionary<string, string> Native(string app, string name, string exec, string metric = "metrics_executor_totalCores", string? replica = null)
    {
        var labels = new Dictionary<string, string>
        {
            ["__name__"] = metric,
            ["application_id"] = app,
            ["application_name"] = name,
            ["executor_id"] = exec,
            ["job"] = "spark-driver-ui",
        };
        if (replica is not null)
        {
            labels["prometheus_replica"] = replica;
        }

        return labels;
    }

    private static Dictionary<string, string> PodLabels(string app, string name, string role, string? exec, string ns, string pod, bool exported = false)
    {
        var labels = new Dictionary<string, string>
        {
            ["__name__"] = "kube_pod_labels",
            ["job"] = "kube-state-metrics",
            ["label_spark_app_selector"] = app,
            ["label_spark_app_name"] = name,
            ["label_spark_role"] = role,
        };
        if (exec is not null)
        {
            labels["label_spark_exec_id"] = exec;
        }

        if (exported)
        {
            // Scraped without honor_labels: namespace/pod name kube-state-metrics itself, the Spark pod is exported_*.
            labels["exported_namespace"] = ns;
            labels["exported_pod"] = pod;
            labels["namespace"] = "monitoring";
            labels["pod"] = "kube-state-metrics-7c9d8-qx2lp";
        }
        else
        {
            labels["namespace"] = ns;
            labels["pod"] = pod;
        }

        return labels;
    }

    private static Dictionary<string, string> Container(string metric, string ns, string pod, string container) => new()
    {
        ["__name__"] = metric,
        ["namespace"] = ns,
        ["pod"] = pod,
        ["container"] = container,
        ["job"] = "kubelet",
    };

    private static RunDiscovery Discovery(FakeTimeSeriesSource source, RunDiscoveryOptions options, double now = Now) =>
        new(source, options with { ScrapeInterval = Scrape }, new FakeTimeProvider(At(now)));

    [Fact]
    public async Task DiscoverAsync_LastSampleSecondsOld_RunningWhileTheFinishedRunIsCompleted()
    {
        // still-running: a finished 600 s baseline ~80 min ago; the candidate's last sample is 6.56 s before now.
        var b0 = Now - 5400 + 0.44;
        var c0 = Now - 247 + 0.44;
        var source = new FakeTimeSeriesSource()
            .Add(Native("spark-b", "daily-billing-prev", "driver"), Grid(b0, 41))
            .Add(Native("spark-b", "daily-billing-prev", "1"), Grid(b0, 41))
            .Add(Native("spark-c", "daily-billing-today", "driver"), Grid(c0, 17))
            .Add(Native("spark-c", "daily-billing-today", "1"), Grid(c0, 17));

        var runs = await Discovery(source, RunDiscoveryOptions.SparkNative).DiscoverAsync(From, To);

        Assert.Equal(["spark-b", "spark-c"], runs.Select(r => r.Id));
        Assert.Equal(RunState.Completed, runs[0].State);
        Assert.Equal(600, runs[0].Duration.TotalSeconds, 3);
        Assert.Equal(RunState.Running, runs[1].State);
        Assert.Equal(240, runs[1].Duration.TotalSeconds, 3);
        Assert.Equal(RunState.Running, (await Discovery(source, RunDiscoveryOptions.SparkNative).FindAsync("spark-c", From, To))!.State);
    }

    [Theory]
    [InlineData(0, RunState.Running)]        // sampled right now
    [InlineData(29.999, RunState.Running)]   // within two scrape intervals
    [InlineData(30, RunState.Running)]       // exactly two: the next scrape may just be late
    [InlineData(30.001, RunState.Completed)] // two scrapes missed: finished
    [InlineData(3600, RunState.Completed)]
    public async Task DiscoverAsync_AgeOfLastSample_TwoScrapeIntervalsDecide(double ageSeconds, RunState expected)
    {
        var last = Now - ageSeconds;
        var source = new FakeTimeSeriesSource().Add(Native("spark-x", "x", "driver"), last - 300, last - 150, last);

        var run = Assert.Single(await Discovery(source, RunDiscoveryOptions.SparkNative).DiscoverAsync(From, To));

        Assert.Equal(expected, run.State);
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesCompletedDriverPod_WindowIsTheDriverContainersLife()
    {
        // completed-driver-pod: kube_pod_labels of a Completed driver pod run on until 5 s before now (5,985 s after
        // its start); the driver container ran 600 s. The second app's pod was deleted when it finished (720 s).
        var source = new FakeTimeSeriesSource();
        foreach (var (app, name, t0, appLen, podEnd) in new[]
                 {
                     ("spark-keep", "geo-enrich-keep", Now - 6000 + 0.9, 600, Now - 5),
                     ("spark-ttl", "geo-enrich-ttl", Now - 3000 + 0.9, 720, Now - 3000 + 0.9 + 720),
                 })
        {
            var driverPod = $"{name}-3f2a-driver";
            source.Add(PodLabels(app, name, "driver", null, "geo", driverPod), Grid(t0, (int)((podEnd - t0) / 15) + 1));
            source.Add(Container("container_memory_working_set_bytes", "geo", driverPod, "spark-kubernetes-driver"), Grid(t0, appLen / 15 + 1));
            foreach (var e in new[] { "1", "2" })
            {
                var pod = $"{name}-3f2a-exec-{e}";
                source.Add(PodLabels(app, name, "executor", e, "geo", pod), Grid(t0 + 15, appLen / 15));
                source.Add(Container("container_memory_working_set_bytes", "geo", pod, "spark-kubernetes-executor"), Grid(t0 + 15, appLen / 15));
            }
        }

        var runs = await Discovery(source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(From, To);

        Assert.Equal(["spark-keep", "spark-ttl"], runs.Select(r => r.Id));
        Assert.Equal([600.0, 720.0], runs.Select(r => r.Duration.TotalSeconds));
        Assert.Equal(At(Now - 6000 + 0.9), runs[0].Start);
        Assert.All(runs, r => Assert.Equal(2, r.Executors));
        // The pod object's labels are 5 s old, but the application finished long ago.
        Assert.All(runs, r => Assert.Equal(RunState.Completed, r.State));
        // Both driver pods in one read per chunk (namespace and pod as literal alternatives).
        Assert.Contains(source.RawQueries, q => q.StartsWith(
            "{__name__=~\"container_memory_working_set_bytes|container_cpu_usage_seconds_total\",container=\"spark-kubernetes-driver\",namespace=~\"geo\",pod=~\"geo-enrich-keep-3f2a-driver|geo-enrich-ttl-3f2a-driver\"}[",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesCpuCounterOnly_BoundsFromIt()
    {
        var t0 = Now - 4000 + 0.25;
        var source = new FakeTimeSeriesSource()
            .Add(PodLabels("spark-k", "etl-k", "driver", null, "etl", "etl-k-driver"), Grid(t0, 200))
            .Add(Container("container_cpu_usage_seconds_total", "etl", "etl-k-driver", "spark-kubernetes-driver"), Grid(t0 + 1, 21));

        var run = Assert.Single(await Discovery(source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(From, To));

        Assert.Equal(At(t0 + 1), run.Start);
        Assert.Equal(300, run.Duration.TotalSeconds, 3);
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesNoContainerSeries_FallsBackToPodLabelBounds()
    {
        var t0 = Now - 4000 + 0.25;
        var source = new FakeTimeSeriesSource()
            .Add(PodLabels("spark-k", "etl-k", "driver", null, "etl", "etl-k-driver"), Grid(t0, 21))
            // Another pod's driver container and this pod's executor container do not bound the run.
            .Add(Container("container_memory_working_set_bytes", "etl", "other-driver", "spark-kubernetes-driver"), Grid(t0, 5))
            .Add(Container("container_memory_working_set_bytes", "etl", "etl-k-driver", "istio-proxy"), Grid(t0, 5));

        var run = Assert.Single(await Discovery(source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(From, To));

        Assert.Equal(300, run.Duration.TotalSeconds, 3);
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesExportedLabels_PodIdentityFromExportedNamespaceAndPod()
    {
        // exported-labels: kube-state-metrics scraped without honor_labels. Its kube_pod_labels outlive the app here, so
        // only the driver container found through exported_namespace/exported_pod gives the right 180 s.
        var source = new FakeTimeSeriesSource();
        foreach (var (app, name, t0) in new[]
                 {
                     ("spark-0c12a", "invoice-merge-baseline", Now - 5400 + 0.66),
                     ("spark-0c12b", "invoice-merge-candidate", Now - 4500 + 0.66),
                 })
        {
            var driverPod = $"{name}-51c0-driver";
            source.Add(PodLabels(app, name, "driver", null, "billing", driverPod, exported: true), Grid(t0, 40));
            source.Add(Container("container_memory_working_set_bytes", "billing", driverPod, "spark-kubernetes-driver"), Grid(t0, 13));
            foreach (var e in new[] { "1", "2" })
            {
                source.Add(PodLabels(app, name, "executor", e, "billing", $"{name}-51c0-exec-{e}", exported: true), Grid(t0, 13));
            }
        }

        var runs = await Discovery(source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(From, To);

        Assert.Equal(["spark-0c12a", "spark-0c12b"], runs.Select(r => r.Id));
        Assert.All(runs, r => Assert.Equal(2, r.Executors));
        Assert.All(runs, r => Assert.Equal(180, r.Duration.TotalSeconds, 3));
        Assert.DoesNotContain(source.RawQueries, q => q.Contains("monitoring", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiscoverAsync_Spark30CountNames_BothRunsFoundFirstToLastScrape()
    {
        // spark30-names: only metrics_executor_totalCores_Count exists.
        var source = new FakeTimeSeriesSource();
        foreach (var (app, name, t0) in new[]
                 {
                     ("spark-0c02a", "clicks-agg-baseline", Now - 5400 + 0.812),
                     ("spark-0c02b", "clicks-agg-candidate", Now - 4500 + 0.812),
                 })
        {
            foreach (var e in new[] { "driver", "1", "2" })
            {
                source.Add(Native(app, name, e, "metrics_executor_totalCores_Count"), Grid(t0, 13));
            }
        }

        var discovery = Discovery(source, RunDiscoveryOptions.SparkNative);
        var runs = await discovery.DiscoverAsync(From, To);

        Assert.Equal(["spark-0c02a", "spark-0c02b"], runs.Select(r => r.Id));
        Assert.All(runs, r => Assert.Equal(2, r.Executors));
        Assert.Equal(At(Now - 5400 + 0.812), runs[0].Start);
        Assert.Equal(At(Now - 5400 + 0.812 + 180), runs[0].End);
        Assert.Equal(At(Now - 4500 + 0.812 + 180), runs[1].End);
        Assert.Equal("baseline", runs[0].Variant);
        Assert.Contains("{__name__=~\"metrics_executor_totalCores|metrics_executor_totalCores_Count\",application_id!=\"\"}", source.SeriesMatchers);
        Assert.NotNull(await discovery.FindAsync("spark-0c02b", From, To));
    }

    [Fact]
    public async Task DiscoverAsync_BothNamingsOfOneApp_ExecutorsCountedOnce()
    {
        var t0 = Now - 3000 + 0.5;
        var source = new FakeTimeSeriesSource();
        foreach (var metric in new[] { "metrics_executor_totalCores", "metrics_executor_totalCores_Count" })
        {
            foreach (var e in new[] { "driver", "1", "2" })
            {
                source.Add(Native("spark-m", "mixed", e, metric), Grid(t0, 5));
            }
        }

        var run = Assert.Single(await Discovery(source, RunDiscoveryOptions.SparkNative).DiscoverAsync(From, To));

        Assert.Equal(2, run.Executors);
        Assert.Equal(60, run.Duration.TotalSeconds, 3);
    }

    [Fact]
    public async Task DiscoverAsync_HaReplicaCopies_ExecutorsOnceAndBoundsFromTheCopiesRealSamples()
    {
        // ha-replicas: the candidate's every series twice (prometheus_replica k8s-0 / k8s-1, the second scraped 4.2 s later).
        var b0 = Now - 5400 + 0.33;
        var c0 = Now - 4500 + 0.33;
        var source = new FakeTimeSeriesSource();
        foreach (var e in new[] { "driver", "1", "2" })
        {
            source.Add(Native("spark-0c04a", "nightly-rollup-before", e, replica: "prometheus-k8s-0"), Grid(b0, 13));
            source.Add(Native("spark-0c04b", "nightly-rollup-after", e, replica: "prometheus-k8s-0"), Grid(c0, 13));
            source.Add(Native("spark-0c04b", "nightly-rollup-after", e, replica: "prometheus-k8s-1"), Grid(c0 + 4.2, 13));
        }

        var runs = await Discovery(source, RunDiscoveryOptions.SparkNative).DiscoverAsync(From, To);

        Assert.Equal([2, 2], runs.Select(r => r.Executors));
        Assert.Equal(At(b0), runs[0].Start);
        Assert.Equal(At(b0 + 180), runs[0].End);
        Assert.Equal(At(c0), runs[1].Start);
        // The second replica's last sample: last scrape + 4.2 s (what the truth case's expected.json says), no later.
        Assert.Equal(At(c0 + 180 + 4.2), runs[1].End);
    }

    [Theory]
    [InlineData(true, true, "billing", "inv-driver")]    // both clash: both exported
    [InlineData(true, false, "billing", "inv-driver")]   // only namespace clashes (the target has no pod label)
    [InlineData(false, false, "billing", "inv-driver")]  // honor_labels: true
    public void PodIdentity_ExportedLabels_ReadLabelByLabel(bool exportedNamespace, bool exportedPod, string ns, string pod)
    {
        var labels = new Dictionary<string, string> { ["__name__"] = "kube_pod_labels" };
        labels[exportedNamespace ? "exported_namespace" : "namespace"] = "billing";
        labels[exportedPod ? "exported_pod" : "pod"] = "inv-driver";
        if (exportedNamespace)
        {
            labels["namespace"] = "monitoring";
        }

        if (exportedPod)
        {
            labels["pod"] = "kube-state-metrics-7c9d8-qx2lp";
        }

        Assert.Equal((ns, pod), PodDirectory.Identity(labels));
        Assert.Null(PodDirectory.Identity(new Dictionary<string, string> { ["namespace"] = "billing" }));
    }

    [Fact]
    public void Constructor_NonPositiveScrapeInterval_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new RunDiscovery(new FakeTimeSeriesSource(), RunDiscoveryOptions.SparkNative with { ScrapeInterval = TimeSpan.Zero }));
        Assert.Contains("scrape interval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOrNoContainerMetric_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new RunDiscovery(new FakeTimeSeriesSource(), RunDiscoveryOptions.Kubernetes with { ContainerMetrics = ["not a metric"] }));
        Assert.Throws<ArgumentException>(() =>
            new RunDiscovery(new FakeTimeSeriesSource(), RunDiscoveryOptions.Kubernetes with { ContainerMetrics = [] }));
    }
}
