using SparkTuner.Core.Comparison;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Query;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Tests.Catalog;

public class MetricCatalogTests
{
    private static readonly string[] AllProfiles = ["spark-native", "jmx-exporter", "kubernetes"];
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly SparkRun Run = new("spark-abc", "cartesian-200k.noncached", T0, T0.AddHours(1), 2, "");

    private static QueryPlan Plan(int stepSeconds, int scrapeSeconds = 15) =>
        new(T0, T0.AddHours(1), TimeSpan.FromSeconds(stepSeconds), TimeSpan.FromSeconds(scrapeSeconds),
            StepPlanner.RateWindow(TimeSpan.FromSeconds(scrapeSeconds), TimeSpan.FromSeconds(stepSeconds)));

    [Fact]
    public void Default_Loads_HasRequiredMetricsProfilesAndSummary()
    {
        var c = MetricCatalog.Default;
        string[] ids = ["jvm_heap", "storage_memory", "execution_memory", "offheap_memory", "working_set", "cpu", "gc_time", "task_time",
            "network_rx", "network_tx", "shuffle_read", "shuffle_write", "spill_memory", "spill_disk", "active_tasks"];
        Assert.Equal(ids.Order(), c.Metrics.Select(m => m.Id).Order());
        Assert.Equal(AllProfiles, c.Profiles.Select(p => p.Name));
        Assert.Contains(c.Summary, s => s.Id == "duration_seconds" && s.Statistic == Statistic.Duration);
        Assert.Contains(c.Summary, s => s.Id == "executor_jvm_heap_peak_bytes" && s.Aggregation == ExecutorAggregation.Max && s.Scope == MetricScope.Executor);
        Assert.Equal(Direction.Neutral, c.GetMetric("storage_memory").Better);
        Assert.True(c.GetMetric("jvm_heap").PeakSensitive);
    }

    [Fact]
    public void Default_EveryMetric_HasTemplateInSparkNativeOrKubernetes()
    {
        // Spill counters exist only as executor-source counters (JMX route); Spark's PrometheusResource has none (SPARK-38117 unmerged).
        string[] jmxOnly = ["spill_memory", "spill_disk"];
        var c = MetricCatalog.Default;
        foreach (var m in c.Metrics)
        {
            string[] profiles = jmxOnly.Contains(m.Id) ? ["jmx-exporter"] : ["spark-native", "kubernetes"];
            var provided = m.Scopes.Any(scope => c.Resolve(m.Id, scope, profiles).IsAvailable);
            Assert.True(provided, $"metric {m.Id} has no template in {string.Join(" or ", profiles)}");
        }
    }

    [Fact]
    public void Default_EverySummaryRow_ResolvableWithAllProfiles()
    {
        var c = MetricCatalog.Default;
        foreach (var s in c.Summary.Where(s => s.Statistic != Statistic.Duration))
        {
            Assert.True(c.Resolve(s.MetricId, s.Scope, AllProfiles).IsAvailable, s.Id);
        }
    }

    [Fact]
    public void Resolve_ExecutorCpuWithSparkNativeOnly_ReportsUnavailable()
    {
        var r = MetricCatalog.Default.Resolve("cpu", MetricScope.Executor, ["spark-native"]);
        Assert.False(r.IsAvailable);
        Assert.Contains("not available with this exporter", r.UnavailableReason);
        Assert.Contains("spark-native", r.UnavailableReason);
    }

    [Fact]
    public void Resolve_FirstProfileWins_InGivenOrder()
    {
        var c = MetricCatalog.Default;
        Assert.Equal("jmx-exporter", c.Resolve("jvm_heap", MetricScope.Executor, ["jmx-exporter", "spark-native"]).Profile!.Name);
        Assert.Equal("spark-native", c.Resolve("jvm_heap", MetricScope.Executor, ["spark-native", "jmx-exporter"]).Profile!.Name);
        Assert.Equal("jmx-exporter", c.Resolve("cpu", MetricScope.Executor, ["spark-native", "jmx-exporter", "kubernetes"]).Profile!.Name);
    }

    [Fact]
    public void Resolve_ScopeNotDefined_ReportsUnavailable()
    {
        var r = MetricCatalog.Default.Resolve("gc_time", MetricScope.Driver, AllProfiles);
        Assert.False(r.IsAvailable);
        Assert.Contains("driver", r.UnavailableReason);
    }

    [Fact]
    public void Resolve_UnknownMetric_ThrowsNamingIt()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => MetricCatalog.Default.Resolve("heap_bogus", MetricScope.Driver, AllProfiles));
        Assert.Contains("heap_bogus", ex.Message);
    }

    [Fact]
    public void Resolve_UnknownProfile_ThrowsNamingIt()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => MetricCatalog.Default.Resolve("cpu", MetricScope.Driver, ["graphite"]));
        Assert.Contains("graphite", ex.Message);
        Assert.Contains("spark-native", ex.Message);
    }

    [Fact]
    public void BuildQuery_NativeExecutorHeap_IsRunningPeakNotWrapped()
    {
        var q = MetricCatalog.Default.BuildQuery("jvm_heap", MetricScope.Executor, Run, Plan(60), ["spark-native"]);
        // Spark 3.1+ names, or Spark 3.0's _Count names when those are what the endpoint prints.
        Assert.Equal("metrics_executor_JVMHeapMemory_bytes{application_id=\"spark-abc\", executor_id!=\"driver\"} or metrics_executor_JVMHeapMemory_Count{application_id=\"spark-abc\", executor_id!=\"driver\"}", q.PromQl);
        Assert.Equal(MetricKind.RunningPeak, q.Kind);
        Assert.Equal("executor_id", q.ExecutorLabel);
        Assert.False(q.PeakWrapped);
    }

    [Fact]
    public void BuildQuery_NativeDriverHeap_CoarseStep_WrappedAsRangeSelector()
    {
        var q = MetricCatalog.Default.BuildQuery("jvm_heap", MetricScope.Driver, Run, Plan(60), ["spark-native"]);
        // Named by the application name (spark.metrics.namespace=${spark.app.name}) or, left at its default, by the id.
        Assert.Equal("max_over_time((metrics_cartesian_200k_noncached_driver_ExecutorMetrics_JVMHeapMemory_Value{type=\"gauges\"} or metrics_spark_abc_driver_ExecutorMetrics_JVMHeapMemory_Value{type=\"gauges\"})[1m:15s])", q.PromQl);
        Assert.Equal(MetricKind.Gauge, q.Kind);
        Assert.Null(q.ExecutorLabel);
        Assert.True(q.PeakWrapped);
    }

    [Fact]
    public void BuildQuery_PeakSensitiveAtScrapeResolution_NotWrapped()
    {
        var q = MetricCatalog.Default.BuildQuery("jvm_heap", MetricScope.Driver, Run, Plan(15), ["spark-native"]);
        Assert.False(q.PeakWrapped);
        Assert.StartsWith("metrics_cartesian_200k_noncached_driver", q.PromQl);
    }

    [Fact]
    public void BuildQuery_NotPeakSensitive_NeverWrapped()
    {
        var q = MetricCatalog.Default.BuildQuery("cpu", MetricScope.Driver, Run, Plan(300), ["spark-native"]);
        Assert.False(q.PeakWrapped);
        Assert.Equal("rate(metrics_cartesian_200k_noncached_driver_JVMCPU_jvmCpuTime_Value{type=\"gauges\"}[5m]) / 1e9 or rate(metrics_spark_abc_driver_JVMCPU_jvmCpuTime_Value{type=\"gauges\"}[5m]) / 1e9", q.PromQl);
    }

    [Fact]
    public void BuildQuery_KubernetesWorkingSet_CoarseStep_WrappedAsSubquery()
    {
        var q = MetricCatalog.Default.BuildQuery("working_set", MetricScope.Executor, Run, Plan(60), ["kubernetes"], "namespace=~\"ns\", pod=~\"p-1|p-2\"");
        Assert.True(q.PeakWrapped);
        Assert.Equal("max_over_time((max by (namespace, pod) (container_memory_working_set_bytes{container=~\"spark-kubernetes-executor|executor\", namespace=~\"ns\", pod=~\"p-1|p-2\"}))[1m:15s])", q.PromQl);
        Assert.Equal("label_spark_exec_id", q.ExecutorLabel);
    }

    [Fact]
    public void BuildQuery_KubernetesExecutorCpu_SelectsTheRunsPodsWithoutAJoin()
    {
        // No "* on (namespace, pod) … kube_pod_labels": that join fails many-to-many when kube_pod_labels is duplicated
        // and finds nothing when its labels arrive as exported_namespace/exported_pod; the pods are listed first instead.
        var q = MetricCatalog.Default.BuildQuery("cpu", MetricScope.Executor, Run, Plan(15), ["kubernetes"], "namespace=~\"ns\", pod=~\"p\"");
        Assert.Equal("max by (namespace, pod) (rate(container_cpu_usage_seconds_total{container=~\"spark-kubernetes-executor|executor\", namespace=~\"ns\", pod=~\"p\"}[1m]))", q.PromQl);
        Assert.DoesNotContain("kube_pod_labels", q.PromQl);
    }

    [Fact]
    public void BuildQuery_KubernetesWithoutPods_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetricCatalog.Default.BuildQuery("cpu", MetricScope.Executor, Run, Plan(15), ["kubernetes"]));
    }

    [Fact]
    public void BuildRawSelectors_TaskTime_Spark31ThenSpark30NamesInMilliseconds()
    {
        var resolution = MetricCatalog.Default.Resolve("task_time", MetricScope.Executor, ["spark-native"]);
        var raw = MetricCatalog.BuildRawSelectors(resolution, Run);
        Assert.Equal(2, raw.Count);
        Assert.Equal("metrics_executor_totalDuration_seconds_total{application_id=\"spark-abc\", executor_id!=\"driver\"}", raw[0].Selector);
        Assert.Equal((MetricKind.Counter, 1.0), (raw[0].Source.Kind, raw[0].Source.Scale));
        Assert.Equal("metrics_executor_totalDuration_Value{application_id=\"spark-abc\", executor_id!=\"driver\"}", raw[1].Selector);
        Assert.Equal((MetricKind.Counter, 0.001), (raw[1].Source.Kind, raw[1].Source.Scale));
    }

    [Fact]
    public void BuildRawSelectors_DriverCpu_CounterInNanosecondsByNameThenById()
    {
        var resolution = MetricCatalog.Default.Resolve("cpu", MetricScope.Driver, ["spark-native"]);
        var raw = MetricCatalog.BuildRawSelectors(resolution, Run);
        Assert.Equal(["metrics_cartesian_200k_noncached_driver_JVMCPU_jvmCpuTime_Value{type=\"gauges\"}", "metrics_spark_abc_driver_JVMCPU_jvmCpuTime_Value{type=\"gauges\"}"],
            raw.Select(r => r.Selector));
        Assert.All(raw, r => Assert.Equal((MetricKind.Counter, 1e-9), (r.Source.Kind, r.Source.Scale)));
        Assert.Contains("spark.metrics.namespace", raw[1].Source.Note);
    }

    [Fact]
    public void Validate_RawSelectorWithAFunction_Refused()
    {
        var doc = MetricCatalog.ParseDocument(MetricCatalog.DefaultJson());
        var profile = doc.Profiles[0];
        profile.Metrics["task_time"] = new MetricTemplates
        {
            Executor = new QueryTemplate { Query = "x", Raw = [new RawSelector { Selector = "rate(x[1m])", Kind = MetricKind.Counter }] },
        };
        var problems = MetricCatalog.Validate(doc);
        Assert.Contains(problems, p => p.Contains("raw selector 1", StringComparison.Ordinal) && p.Contains("not a plain series selector", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildQuery_Unavailable_ReturnsReasonNoQuery()
    {
        var q = MetricCatalog.Default.BuildQuery("spill_disk", MetricScope.Executor, Run, Plan(15), ["spark-native"]);
        Assert.False(q.IsAvailable);
        Assert.Null(q.PromQl);
        Assert.Contains("not available", q.UnavailableReason);
    }

    [Fact]
    public void BuildQuery_JmxUsesAppName_ForKubeflowAppIdLabel()
    {
        var q = MetricCatalog.Default.BuildQuery("shuffle_read", MetricScope.Executor, Run, Plan(15), ["jmx-exporter"]);
        Assert.Contains("app_id=\"cartesian-200k.noncached\"", q.PromQl);
    }

    private const string ValidMetric = """
        { "Id": "jvm_heap", "DisplayName": "Heap", "Group": "Memory", "Unit": "Bytes", "Kind": "Gauge", "Better": "LowerIsBetter",
          "Scopes": ["Driver", "Executor"], "Description": "d", "PeakSensitive": true }
        """;

    private static string Doc(string profileMetrics) => $$"""
        { "Catalog": { "Groups": [ { "Key": "memory", "Title": "Memory" } ], "Metrics": [ {{ValidMetric}} ], "Summary": [],
          "Profiles": [ { "Name": "p1", "Description": "", "ExecutorLabel": "executor_id", "Metrics": { {{profileMetrics}} } } ] } }
        """;

    [Fact]
    public void FromJson_Minimal_Loads()
    {
        var c = MetricCatalog.FromJson(Doc("\"jvm_heap\": { \"Driver\": { \"Query\": \"x{a={app_id}}\" } }"));
        Assert.Equal("x{a=\"spark-abc\"}", c.BuildQuery("jvm_heap", MetricScope.Driver, Run, Plan(15), ["p1"]).PromQl);
    }

    [Fact]
    public void FromJson_UnknownPlaceholder_RejectedNamingProfileAndMetric()
    {
        var ex = Assert.Throws<CatalogException>(() => MetricCatalog.FromJson(Doc("\"jvm_heap\": { \"Driver\": { \"Query\": \"x{a={application}}\" } }")));
        Assert.Contains("'p1'", ex.Message);
        Assert.Contains("'jvm_heap'", ex.Message);
        Assert.Contains("{application}", ex.Message);
    }

    [Fact]
    public void FromJson_UnknownMetricId_RejectedNamingIt()
    {
        var ex = Assert.Throws<CatalogException>(() => MetricCatalog.FromJson(Doc("\"heap\": { \"Driver\": { \"Query\": \"x\" } }")));
        Assert.Contains("unknown metric id 'heap'", ex.Message);
    }

    [Fact]
    public void FromJson_EmptyTemplate_Rejected()
    {
        var ex = Assert.Throws<CatalogException>(() => MetricCatalog.FromJson(Doc("\"jvm_heap\": { \"Executor\": { \"Query\": \"  \" } }")));
        Assert.Contains("executor template: the query is empty", ex.Message);
    }

    [Fact]
    public void FromJson_UnbalancedTemplate_Rejected()
    {
        var ex = Assert.Throws<CatalogException>(() => MetricCatalog.FromJson(Doc("\"jvm_heap\": { \"Driver\": { \"Query\": \"rate(x[{window}]\" } }")));
        Assert.Contains("unclosed", ex.Message);
    }

    [Fact]
    public void FromJson_MalformedJson_CatalogException()
    {
        Assert.Throws<CatalogException>(() => MetricCatalog.FromJson("{ \"Catalog\": { \"Metrics\": [ { \"Id\": 1 "));
    }

    [Fact]
    public void MergeWith_ProfileOverride_ReplacesOneTemplateKeepsOthers()
    {
        var overrides = new CatalogDocument
        {
            Profiles =
            [
                new ExporterProfile
                {
                    Name = "spark-native",
                    ExecutorLabel = "",
                    Metrics = new() { ["active_tasks"] = new MetricTemplates { Executor = new QueryTemplate { Query = "my_active{app={app_id}}" } } },
                },
            ],
        };
        var c = MetricCatalog.FromDocument(MetricCatalog.Default.Document.MergeWith(overrides));
        Assert.Equal("my_active{app=\"spark-abc\"}", c.BuildQuery("active_tasks", MetricScope.Executor, Run, Plan(15), ["spark-native"]).PromQl);
        Assert.True(c.Resolve("jvm_heap", MetricScope.Executor, ["spark-native"]).IsAvailable);
        Assert.Equal("executor_id", c.GetProfile("spark-native").ExecutorLabel);
    }

    [Fact]
    public void FromJson_MetricInAnUnknownGroup_RejectedNamingTheGroups()
    {
        var json = Doc("\"jvm_heap\": { \"Driver\": { \"Query\": \"x\" } }").Replace("\"Key\": \"memory\"", "\"Key\": \"mem\"", StringComparison.Ordinal).Replace("\"Title\": \"Memory\"", "\"Title\": \"Mem\"", StringComparison.Ordinal);
        var ex = Assert.Throws<CatalogException>(() => MetricCatalog.FromJson(json));
        Assert.Contains("metric 'jvm_heap': group 'Memory' is not one of the catalog's groups (mem)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_Default_KeysAndTitlesInDisplayOrder_EveryMetricInOne()
    {
        var c = MetricCatalog.Default;
        Assert.Equal(["memory", "cpu", "gc", "network", "shuffle", "tasks"], c.Groups.Select(g => g.Key));
        Assert.Equal("Shuffle and spill", c.GroupOf(c.GetMetric("spill_disk")).Title);
        Assert.All(c.Metrics, m => Assert.NotNull(c.GroupOf(m)));
    }

    [Fact]
    public void Plan_GroupAddedInConfiguration_ItsPanelsArePlannedAndDrawn()
    {
        // A group and a metric added through the Catalog section are fetched and drawn like the built-in ones.
        var overrides = MetricCatalog.ParseDocument("""
            { "Catalog": { "Groups": [ { "Key": "disk", "Title": "Disk" } ],
              "Metrics": [ { "Id": "disk_used", "DisplayName": "Block manager disk used", "Group": "disk", "Unit": "Bytes", "Kind": "Gauge",
                             "Better": "LowerIsBetter", "Scopes": [ "Executor" ], "Description": "d" } ],
              "Profiles": [ { "Name": "spark-native", "Metrics": { "disk_used": { "Executor": { "Query": "metrics_executor_diskUsed_bytes{application_id={app_id}}" } } } } ] } }
            """);
        var catalog = MetricCatalog.FromDocument(MetricCatalog.Default.Document.MergeWith(overrides));
        var request = new CompareRequest(["a"], ["b"], T0, T0.AddHours(1), Groups: ["disk"]);
        var plan = ComparisonPlan.For(catalog, request);
        var group = Assert.Single(plan.Groups);
        Assert.Equal(new MetricGroup("disk", "Disk"), group.Group);
        Assert.Equal([("disk_used", MetricScope.Executor)], plan.ChartPairs);
        Assert.Throws<ArgumentException>(() => ComparisonPlan.For(catalog, request with { Groups = ["disks"] }));
    }
}
