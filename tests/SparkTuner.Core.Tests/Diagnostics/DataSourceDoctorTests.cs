using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Diagnostics;

public class DataSourceDoctorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly FakeRun Run = new("spark-0123456789abcdef0123456789abcdef", "etl-noncached", Now.AddHours(-2), Now.AddHours(-2).AddMinutes(10));

    private static readonly string[] NativeNames =
    [
        "metrics_etl_noncached_driver_ExecutorMetrics_JVMHeapMemory_Value", "metrics_etl_noncached_driver_ExecutorMetrics_OnHeapStorageMemory_Value",
        "metrics_etl_noncached_driver_ExecutorMetrics_OnHeapExecutionMemory_Value", "metrics_etl_noncached_driver_ExecutorMetrics_JVMOffHeapMemory_Value",
        "metrics_etl_noncached_driver_JVMCPU_jvmCpuTime_Value", "metrics_executor_JVMHeapMemory_bytes", "metrics_executor_usedOnHeapStorageMemory_bytes",
        "metrics_executor_OnHeapExecutionMemory_bytes", "metrics_executor_JVMOffHeapMemory_bytes", "metrics_executor_totalGCTime_seconds_total",
        "metrics_executor_totalDuration_seconds_total", "metrics_executor_totalShuffleRead_bytes_total", "metrics_executor_totalShuffleWrite_bytes_total",
        "metrics_executor_activeTasks", "metrics_executor_totalCores",
    ];

    private static readonly string[] KubernetesNames =
    [
        "container_memory_working_set_bytes", "container_cpu_usage_seconds_total", "container_network_receive_bytes_total",
        "container_network_transmit_bytes_total", "kube_pod_labels",
    ];

    /// <summary>Every enabled-profile name exists, every run query counts 2 series, no duplicates, 3 Spark pods, no exported labels.</summary>
    private static ScriptedSource Healthy()
    {
        var source = new ScriptedSource();
        source.Runs.Add(Run);
        source.Names.UnionWith(NativeNames);
        source.Names.UnionWith(KubernetesNames);
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) ? ScriptedSource.One(2) : [];
        source.Instant = q => q.Contains("exported", StringComparison.Ordinal) ? null : 3;
        return source;
    }

    private static DataSourceDoctor Doctor(ITimeSeriesSource source, DataSourceDoctorOptions? options = null, RunDiscoveryOptions? discovery = null)
    {
        var o = options ?? new DataSourceDoctorOptions();
        // One "now" for the doctor and its discovery, as in the app (the host's TimeProvider): discovery clips ranges to it.
        var clock = new FakeTimeProvider(Now);
        return new DataSourceDoctor(source, MetricCatalog.Default, new RunDiscovery(source, discovery ?? o.Discovery, clock), o, clock);
    }

    private static MetricCheck CheckOf(DoctorReport r, string profile, string metric, MetricScope scope) =>
        r.Profiles.Single(p => p.Name == profile).Metrics.Single(m => m.MetricId == metric && m.Scope == scope);

    [Fact]
    public async Task CheckAsync_EverythingPresent_HealthyExitZeroWithDisabledProfileAsInfoOnly()
    {
        var report = await Doctor(Healthy()).CheckAsync();

        Assert.Equal(DoctorStatus.Healthy, report.Status);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal("reachable, version 2.42.0", report.Server.Summary);
        Assert.Equal(Run.Id, report.Run!.Run!.Id);
        Assert.Equal(["spark-native", "jmx-exporter", "kubernetes"], report.Profiles.Select(p => p.Name));
        Assert.Equal([true, false, true], report.Profiles.Select(p => p.Enabled));
        Assert.All(report.Profiles.Where(p => p.Enabled).SelectMany(p => p.Metrics), m => Assert.Equal(CheckStatus.Found, m.Status));
        Assert.All(report.Profiles.SelectMany(p => p.Metrics), m => Assert.Equal("run", m.Basis));
        Assert.Empty(report.Errors);
        Assert.Empty(report.Duplicates);
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
        Assert.False(report.ScrapeInterval.Mismatch);
        // The JMX profile (disabled) was counted too; with data for it, it is found as well.
        Assert.All(report.Findings, f => Assert.Equal(FindingSeverity.Info, f.Severity));
    }

    [Fact]
    public async Task CheckAsync_EveryCatalogTemplate_CheckedOncePerProfileMetricAndScope()
    {
        var report = await Doctor(Healthy()).CheckAsync();

        foreach (var profile in MetricCatalog.Default.Profiles)
        {
            var expected = profile.Metrics.Sum(m => (m.Value.Driver is null ? 0 : 1) + (m.Value.Executor is null ? 0 : 1));
            Assert.Equal(expected, report.Profiles.Single(p => p.Name == profile.Name).Metrics.Count);
        }
        // The run-level check counts the profile's own rendered query.
        var heap = CheckOf(report, "spark-native", "jvm_heap", MetricScope.Executor);
        Assert.Contains("application_id=\"" + Run.Id + "\"", heap.Query, StringComparison.Ordinal);
        Assert.Equal(2, heap.Series);
    }

    [Fact]
    public async Task CheckAsync_ShadowedTemplateMissing_NotUsedForRowsAndOnlyInfo()
    {
        var source = Healthy();
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("container_cpu_usage_seconds_total{container=\"spark-kubernetes-driver\"", StringComparison.Ordinal)
            ? ScriptedSource.One(1) : [];

        var report = await Doctor(source).CheckAsync();

        var cpu = CheckOf(report, "kubernetes", "cpu", MetricScope.Driver);
        Assert.Equal(CheckStatus.Missing, cpu.Status);
        Assert.False(cpu.UsedForRows); // spark-native provides driver CPU first
        Assert.True(CheckOf(report, "spark-native", "cpu", MetricScope.Driver).UsedForRows);
        Assert.Equal(DoctorStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task CheckAsync_BuildinfoWithoutVersion_ReachableVersionUnknownNotAnError()
    {
        var source = Healthy();
        source.Version = () => "";

        var report = await Doctor(source).CheckAsync();

        Assert.True(report.Server.Reachable);
        Assert.Null(report.Server.Version);
        Assert.Equal("reachable, version unknown", report.Server.Summary);
        Assert.Equal(DoctorStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task CheckAsync_ServerUnreachable_FailedExitTwoWithoutFurtherQueries()
    {
        var source = Healthy();
        source.Version = () => throw new DataSourceException("unreachable", "Prometheus at http://prometheus.test:9090 is not reachable: Connection refused");

        var report = await Doctor(source).CheckAsync();

        Assert.False(report.Server.Reachable);
        Assert.Contains("Connection refused", report.Server.Summary, StringComparison.Ordinal);
        Assert.Equal(DoctorStatus.Failed, report.Status);
        Assert.Equal(2, report.ExitCode);
        Assert.Empty(report.Profiles);
        Assert.Empty(source.Queries);
    }

    [Fact]
    public async Task CheckAsync_ServletNamedByApplicationId_MissingDriverRowsNameTheNamespaceSetting()
    {
        var source = Healthy();
        source.Names.RemoveWhere(n => n.StartsWith("metrics_etl_noncached_driver_", StringComparison.Ordinal));
        source.Names.Add("metrics_spark_0123456789abcdef0123456789abcdef_driver_ExecutorMetrics_JVMHeapMemory_Value");
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("_driver_", StringComparison.Ordinal) ? ScriptedSource.One(2) : [];

        var report = await Doctor(source).CheckAsync();

        var heap = CheckOf(report, "spark-native", "jvm_heap", MetricScope.Driver);
        Assert.Equal(CheckStatus.Missing, heap.Status);
        Assert.Equal(HintKind.ServletNamespaceDefault, heap.Hint!.Kind);
        Assert.Equal("spark.metrics.namespace=${spark.app.name}", heap.Hint.Setting);
        Assert.Contains("metrics_spark_0123456789abcdef0123456789abcdef_driver_*", heap.Hint.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_etl_noncached_driver_*", heap.Hint.Message, StringComparison.Ordinal);
        // Every driver servlet row has the same cause: one finding, a problem, listing all of them.
        var finding = Assert.Single(report.Findings, f => f.Hint.Kind == HintKind.ServletNamespaceDefault);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Equal(5, finding.Where.Count);
        Assert.Equal(DoctorStatus.Problems, report.Status);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task CheckAsync_ServletScrapedButLineAbsent_SaysTheLineNotTheSink()
    {
        var source = Healthy();
        source.Names.Remove("metrics_etl_noncached_driver_JVMCPU_jvmCpuTime_Value");
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("jvmCpuTime", StringComparison.Ordinal) ? ScriptedSource.One(1) : [];

        var report = await Doctor(source).CheckAsync();

        var cpu = CheckOf(report, "spark-native", "cpu", MetricScope.Driver);
        Assert.Equal(HintKind.ServletLineAbsent, cpu.Hint!.Kind);
        Assert.Contains("metrics_etl_noncached_driver_JVMCPU_jvmCpuTime_Value", cpu.Hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NoServletAtAll_SaysEnableTheSinkWithTheNamespace()
    {
        var source = Healthy();
        source.Names.RemoveWhere(n => n.Contains("_driver_", StringComparison.Ordinal));
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("_driver_", StringComparison.Ordinal) ? ScriptedSource.One(1) : [];

        var report = await Doctor(source).CheckAsync();

        var hint = CheckOf(report, "spark-native", "storage_memory", MetricScope.Driver).Hint!;
        Assert.Equal(HintKind.ServletSink, hint.Kind);
        Assert.Contains("PrometheusServlet", hint.Message, StringComparison.Ordinal);
        Assert.Equal("spark.metrics.namespace=${spark.app.name}", hint.Setting);
    }

    [Fact]
    public async Task CheckAsync_NoExecutorEndpoint_HintIsSparkUiPrometheusEnabled()
    {
        var source = Healthy();
        source.Names.RemoveWhere(n => n.StartsWith("metrics_executor_", StringComparison.Ordinal) && n != "metrics_executor_totalCores");
        source.Names.Remove("metrics_executor_totalCores");
        // Found through Kubernetes discovery: the pods exist, Spark's executor endpoint is not scraped.
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("metrics_executor_", StringComparison.Ordinal) ? ScriptedSource.One(1) : [];

        var report = await Doctor(source).CheckAsync(Run.Id);

        var heap = CheckOf(report, "spark-native", "jvm_heap", MetricScope.Executor);
        Assert.Equal(HintKind.SparkUiPrometheus, heap.Hint!.Kind);
        Assert.Equal("spark.ui.prometheus.enabled=true", heap.Hint.Setting);
    }

    [Fact]
    public async Task CheckAsync_Spark30NamesOnly_NoRunFoundMessageAndRowsNameTheSpark30Names()
    {
        var source = new ScriptedSource();
        source.Names.UnionWith(["metrics_executor_totalCores_Count", "metrics_executor_JVMHeapMemory_Count", "metrics_executor_totalDuration_Value", "metrics_executor_activeTasks_Count"]);

        var report = await Doctor(source).CheckAsync();

        Assert.Null(report.Run!.Run);
        Assert.Contains("metrics_executor_totalCores", report.Run.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_executor_totalCores_Count", report.Run.Message, StringComparison.Ordinal);
        Assert.Contains("Spark 3.0", report.Run.Message, StringComparison.Ordinal);
        var heap = CheckOf(report, "spark-native", "jvm_heap", MetricScope.Executor);
        Assert.Equal("names", heap.Basis);
        Assert.Equal(HintKind.Spark30Names, heap.Hint!.Kind);
        Assert.Contains("metrics_executor_JVMHeapMemory_Count", heap.Hint.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_executor_totalDuration_Value", CheckOf(report, "spark-native", "task_time", MetricScope.Executor).Hint!.Message, StringComparison.Ordinal);
        // A line Spark 3.0 never had is still explained by the Spark 3.0 endpoint.
        Assert.Equal(HintKind.Spark30Names, CheckOf(report, "spark-native", "shuffle_write", MetricScope.Executor).Hint!.Kind);
        Assert.Equal(HintKind.NoRun, report.Findings[0].Hint.Kind);
        Assert.Contains("no run was found", report.ScrapeInterval!.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task CheckAsync_KubePodLabelsWithoutSparkLabels_AllowlistHint()
    {
        var source = Healthy();
        source.Runs.Clear();
        source.Names.Remove("metrics_executor_totalCores");
        source.Instant = q => q.Contains("label_spark_app_selector", StringComparison.Ordinal) || q.Contains("exported", StringComparison.Ordinal) ? null : 12;

        var report = await Doctor(source).CheckAsync();

        var ws = CheckOf(report, "kubernetes", "working_set", MetricScope.Executor);
        Assert.Equal(CheckStatus.Missing, ws.Status);
        Assert.Equal(HintKind.KubeStateMetricsAllowlist, ws.Hint!.Kind);
        Assert.Equal("--metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name]", ws.Hint.Setting);
    }

    [Fact]
    public async Task CheckAsync_KubePodLabelsAbsent_SaysKubeStateMetricsIsNotScraped()
    {
        var source = Healthy();
        source.Names.Remove("kube_pod_labels");
        source.PodsOf = _ => false;

        var report = await Doctor(source).CheckAsync();

        Assert.Equal(HintKind.KubeStateMetricsMissing, CheckOf(report, "kubernetes", "network_rx", MetricScope.Driver).Hint!.Kind);
    }

    [Fact]
    public async Task CheckAsync_KubePodLabelsWithExportedLabels_RowsFoundAndHonorLabelsWarning()
    {
        var source = Healthy();
        // Every Spark pod's kube_pod_labels carries exported_namespace/exported_pod (scraped without honor_labels).
        source.Instant = q => q.Contains("exported", StringComparison.Ordinal) || q.Contains("label_spark_app_selector", StringComparison.Ordinal) ? 3 : 40;

        var report = await Doctor(source).CheckAsync();

        Assert.Equal(CheckStatus.Found, CheckOf(report, "kubernetes", "working_set", MetricScope.Executor).Status);
        var finding = Assert.Single(report.Findings, f => f.Hint.Kind == HintKind.HonorLabels);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("honor_labels: true", finding.Hint.Setting);
        Assert.Contains("exported_namespace/exported_pod (3 series)", finding.Hint.Message, StringComparison.Ordinal);
        Assert.Empty(report.Errors);
        Assert.Equal(DoctorStatus.Problems, report.Status);
    }

    [Fact]
    public async Task CheckAsync_NoPodOfTheRunInKubePodLabels_KubernetesRowsMissingWithTheReason()
    {
        var source = Healthy();
        source.PodsOf = _ => false;
        source.Instant = q => q.Contains("exported", StringComparison.Ordinal) ? null : q.Contains(Run.Id, StringComparison.Ordinal) ? null : 7;

        var report = await Doctor(source).CheckAsync();

        var ws = CheckOf(report, "kubernetes", "working_set", MetricScope.Driver);
        Assert.Equal(CheckStatus.Missing, ws.Status);
        Assert.Equal(HintKind.NoSeriesForRun, ws.Hint!.Kind);
        Assert.Contains($"label_spark_app_selector=\"{Run.Id}\"", ws.Hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_Spark30NamesOfTheRun_FoundThroughTheFallbackWithAWarning()
    {
        var source = Healthy();
        source.Names.Remove("metrics_executor_totalDuration_seconds_total");
        source.Names.Add("metrics_executor_totalDuration_Value");
        source.Range = q => q.StartsWith("count(", StringComparison.Ordinal) && !q.Contains("totalDuration_seconds_total", StringComparison.Ordinal) ? ScriptedSource.One(2) : [];

        var report = await Doctor(source).CheckAsync();

        var task = CheckOf(report, "spark-native", "task_time", MetricScope.Executor);
        Assert.Equal(CheckStatus.Found, task.Status);
        Assert.Contains("metrics_executor_totalDuration_Value", task.Query, StringComparison.Ordinal);
        Assert.Equal(HintKind.Spark30Names, task.Hint!.Kind);
        Assert.Contains("read through Spark 3.0's name metrics_executor_totalDuration_Value", task.Hint.Message, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(report.Findings, f => f.Hint.Kind == HintKind.Spark30Names).Severity);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task CheckAsync_CopiesDifferInReplicaLabel_DuplicatesWithThanosReplicaLabel()
    {
        var source = Healthy();
        source.Range = q =>
            q.StartsWith("count by (application_id, executor_id, __name__)", StringComparison.Ordinal)
                ? [Dup("1", 2), Dup("2", 2), Dup("driver", 2)]
                : q.StartsWith("count(", StringComparison.Ordinal) ? ScriptedSource.One(2) : [];
        source.Series = m => m.Contains("executor_id=\"1\"", StringComparison.Ordinal)
            ? [Labels("prometheus-k8s-0"), Labels("prometheus-k8s-1")]
            : [];

        var report = await Doctor(source).CheckAsync();

        var d = Assert.Single(report.Duplicates);
        Assert.Equal("spark-native", d.Profile);
        Assert.Equal(3, d.Identities);
        Assert.Equal(2, d.Copies);
        Assert.Equal(["prometheus_replica"], d.DifferingLabels);
        Assert.Equal("1", d.Example["executor_id"]);
        Assert.Equal("--query.replica-label=prometheus_replica", d.Hint.Setting);
        Assert.Contains("differing only in prometheus_replica", d.Hint.Message, StringComparison.Ordinal);
        Assert.Equal(HintKind.Duplicates, report.Findings[0].Hint.Kind);
        Assert.Equal(FindingSeverity.Problem, report.Findings[0].Severity);

        static TimeSeries Dup(string executor, double copies) => new(
            new Dictionary<string, string> { ["application_id"] = Run.Id, ["executor_id"] = executor, ["__name__"] = "metrics_executor_activeTasks" },
            [1_700_000_000], [copies]);

        static IReadOnlyDictionary<string, string> Labels(string replica) => new Dictionary<string, string>
        {
            ["__name__"] = "metrics_executor_activeTasks", ["application_id"] = Run.Id, ["executor_id"] = "1",
            ["job"] = "spark", ["prometheus_replica"] = replica,
        };
    }

    [Fact]
    public async Task CheckAsync_CopiesDifferInJob_SuggestsRemovingOneScrape()
    {
        var source = Healthy();
        source.Range = q =>
            q.StartsWith("count by (namespace, pod, container, __name__)", StringComparison.Ordinal)
                ? [new TimeSeries(new Dictionary<string, string> { ["namespace"] = "jobs", ["pod"] = "etl-exec-1", ["container"] = "spark-kubernetes-executor", ["__name__"] = "container_memory_working_set_bytes" }, [1_700_000_000], [2])]
                : q.StartsWith("count(", StringComparison.Ordinal) ? ScriptedSource.One(2) : [];
        source.Series = m => m.Contains("etl-exec-1", StringComparison.Ordinal)
            ? [Labels("kubelet"), Labels("cadvisor")]
            : [];

        var report = await Doctor(source).CheckAsync();

        var d = Assert.Single(report.Duplicates);
        Assert.Equal("kubernetes", d.Profile);
        Assert.Equal(["job"], d.DifferingLabels);
        Assert.Contains("scraped twice", d.Hint.Message, StringComparison.Ordinal);
        Assert.Null(d.Hint.Setting);

        static IReadOnlyDictionary<string, string> Labels(string job) => new Dictionary<string, string>
        {
            ["__name__"] = "container_memory_working_set_bytes", ["namespace"] = "jobs", ["pod"] = "etl-exec-1",
            ["container"] = "spark-kubernetes-executor", ["job"] = job,
        };
    }

    [Theory]
    [InlineData(15, 15, false)]
    [InlineData(15, 16.4, false)]
    [InlineData(15, 30, true)]
    [InlineData(30, 15, true)]
    public async Task CheckAsync_ScrapeInterval_WarnsBeyondTenPercent(double configured, double actual, bool warns)
    {
        var source = Healthy();
        source.Runs[0] = Run with { GapSeconds = actual };

        var report = await Doctor(source, new DataSourceDoctorOptions { ScrapeInterval = TimeSpan.FromSeconds(configured) }).CheckAsync();

        Assert.Equal(actual, report.ScrapeInterval!.DetectedSeconds!.Value, 3);
        Assert.Equal(warns, report.ScrapeInterval.Mismatch);
        Assert.Equal(warns, report.Findings.Any(f => f.Hint.Kind == HintKind.ScrapeInterval && f.Severity == FindingSeverity.Warning));
        if (warns)
        {
            Assert.Contains($"Prometheus:ScrapeIntervalSeconds={Math.Round(actual)}", report.ScrapeInterval.Message, StringComparison.Ordinal);
            Assert.Equal(1, report.ExitCode);
        }
    }

    [Fact]
    public async Task CheckAsync_OneQueryFails_OneErrorLineAndTheRestOfTheReport()
    {
        var source = Healthy();
        source.Fail = q => q.Contains("totalShuffleWrite", StringComparison.Ordinal) && q.StartsWith("count(", StringComparison.Ordinal)
            ? new DataSourceException("timeout", "Prometheus at http://prometheus.test:9090 did not answer within 30 s", q)
            : null;

        var report = await Doctor(source).CheckAsync();

        var error = Assert.Single(report.Errors);
        Assert.Contains("Shuffle write", error, StringComparison.Ordinal);
        Assert.Contains("did not answer within 30 s", error, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Error, CheckOf(report, "spark-native", "shuffle_write", MetricScope.Executor).Status);
        Assert.Equal(CheckStatus.Found, CheckOf(report, "spark-native", "shuffle_read", MetricScope.Executor).Status);
        Assert.Equal(DoctorStatus.Failed, report.Status);
        Assert.Equal(2, report.ExitCode);
    }

    [Fact]
    public async Task CheckAsync_ManyChecks_AtMostMaxConcurrencyQueriesAtOnce()
    {
        var source = Healthy();
        var gate = new InFlightGate(3);
        source.RangeGate = gate;

        await Doctor(source, new DataSourceDoctorOptions { MaxConcurrency = 3 }).CheckAsync();

        Assert.Equal(3, gate.MaxInFlight);
        Assert.True(source.Queries.Count > 30);
    }

    [Fact]
    public async Task CheckAsync_RunId_UsesThatRunNotTheMostRecent()
    {
        var source = Healthy();
        var later = new FakeRun("spark-ffff", "etl-cached", Now.AddHours(-1), Now.AddMinutes(-50));
        source.Runs.Add(later);

        var recent = await Doctor(source).CheckAsync();
        var asked = await Doctor(source).CheckAsync(Run.Id);

        Assert.Equal(later.Id, recent.Run!.Run!.Id);
        Assert.Contains("most recent run", recent.Run.Message, StringComparison.Ordinal);
        Assert.Equal(Run.Id, asked.Run!.Run!.Id);
        Assert.Equal(Run.Id, asked.Run.RequestedId);
        Assert.Contains("the run asked for", asked.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_UnknownRunId_SaysNotFoundAndWhatWasLookedFor()
    {
        var report = await Doctor(Healthy()).CheckAsync("spark-nope");

        Assert.Null(report.Run!.Run);
        Assert.Contains("spark-nope not found", report.Run.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_executor_totalCores{application_id=\"spark-nope\"}", report.Run.Message, StringComparison.Ordinal);
        Assert.Equal(HintKind.NoRun, report.Findings[0].Hint.Kind);
        Assert.All(report.Profiles.SelectMany(p => p.Metrics), m => Assert.Equal("names", m.Basis));
    }

    [Fact]
    public async Task CheckAsync_NoRunButNamesPresent_FoundByNames()
    {
        var source = Healthy();
        source.Runs.Clear();

        var report = await Doctor(source).CheckAsync();

        Assert.Equal(CheckStatus.Found, CheckOf(report, "spark-native", "jvm_heap", MetricScope.Driver).Status);
        Assert.Equal(CheckStatus.Found, CheckOf(report, "kubernetes", "working_set", MetricScope.Executor).Status);
        Assert.Equal(CheckStatus.Missing, CheckOf(report, "jmx-exporter", "jvm_heap", MetricScope.Executor).Status);
        Assert.Equal(HintKind.JmxExporterMissing, CheckOf(report, "jmx-exporter", "gc_time", MetricScope.Executor).Hint!.Kind);
        Assert.Empty(report.Duplicates);
    }

    [Fact]
    public void Constructor_ZeroConcurrency_Throws()
    {
        var source = new ScriptedSource();
        Assert.Throws<ArgumentException>(() => new DataSourceDoctor(source, MetricCatalog.Default, new RunDiscovery(source), new DataSourceDoctorOptions { MaxConcurrency = 0 }));
    }

    [Fact]
    public async Task DoctorJson_Serialize_StatusExitCodeStringEnumsAndTheRunAsInApiRuns()
    {
        var report = await Doctor(Healthy()).CheckAsync();

        using var doc = JsonDocument.Parse(DoctorJson.Serialize(report));
        var root = doc.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("reachable, version 2.42.0", root.GetProperty("server").GetProperty("summary").GetString());
        Assert.Equal(Run.Id, root.GetProperty("run").GetProperty("run").GetProperty("id").GetString());
        Assert.Equal(600, root.GetProperty("run").GetProperty("run").GetProperty("durationSeconds").GetDouble());
        var check = root.GetProperty("profiles")[0].GetProperty("metrics")[0];
        Assert.Equal("found", check.GetProperty("status").GetString());
        Assert.Equal("driver", check.GetProperty("scope").GetString());
        Assert.Contains("{type=\"gauges\"}", check.GetProperty("query").GetString(), StringComparison.Ordinal);
    }
}
