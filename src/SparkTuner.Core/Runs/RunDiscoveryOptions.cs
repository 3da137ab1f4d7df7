namespace SparkTuner.Core.Runs;

/// <summary>
/// Which series identify Spark applications and how their labels are read. <see cref="SparkNative"/> uses the driver's
/// <c>/metrics/executors/prometheus</c> line <c>metrics_executor_totalCores</c>; <see cref="Kubernetes"/> uses
/// kube-state-metrics' <c>kube_pod_labels</c> and bounds each run by its driver container's cAdvisor series.
/// </summary>
public sealed record RunDiscoveryOptions
{
    /// <summary>Spark-native discovery (default).</summary>
    public static RunDiscoveryOptions SparkNative { get; } = new();

    /// <summary>
    /// Discovery from kube-state-metrics pod labels (needs the spark-* labels in its allow-list). Label names: Spark's pod
    /// labels <c>spark-app-selector</c>, <c>spark-app-name</c>, <c>spark-exec-id</c>, <c>spark-role</c> as kube-state-metrics
    /// exports them (<c>label_</c> + the key with non-alphanumerics as <c>_</c>); the driver container is Spark's
    /// <c>spark-kubernetes-driver</c> (Spark's Kubernetes Constants.scala, see spark-fixtures REFERENCE.md §3.1–3.3).
    /// </summary>
    public static RunDiscoveryOptions Kubernetes { get; } = new()
    {
        Metric = "kube_pod_labels",
        MetricAliases = [],
        AppIdLabel = "label_spark_app_selector",
        AppNameLabel = "label_spark_app_name",
        ExecutorLabel = "label_spark_exec_id",
        DriverLabel = "label_spark_role",
        DriverValue = "driver",
        DriverContainer = "spark-kubernetes-driver",
    };

    /// <summary>Metric whose series exist once per application process.</summary>
    public string Metric { get; init; } = "metrics_executor_totalCores";

    /// <summary>
    /// Other names of <see cref="Metric"/> that also identify applications; a series under any of them counts.
    /// Default: <c>metrics_executor_totalCores_Count</c>, the <c>_Count</c>/<c>_Value</c>-suffixed naming of Spark's
    /// <c>/metrics/executors/prometheus</c> before SPARK-31683 (builds of 2019 – May 2020, met as "Spark 3.0" names;
    /// spark-fixtures REFERENCE.md §1.5 and truth case <c>spark30-names</c>).
    /// </summary>
    public IReadOnlyList<string> MetricAliases { get; init; } = ["metrics_executor_totalCores_Count"];

    /// <summary>Label holding the application id.</summary>
    public string AppIdLabel { get; init; } = "application_id";

    /// <summary>Label holding the application name.</summary>
    public string AppNameLabel { get; init; } = "application_name";

    /// <summary>Label holding the executor id (absent or empty on the driver for Kubernetes).</summary>
    public string ExecutorLabel { get; init; } = "executor_id";

    /// <summary>Label that marks the driver's series, with <see cref="DriverValue"/>.</summary>
    public string DriverLabel { get; init; } = "executor_id";

    /// <summary>Value of <see cref="DriverLabel"/> on the driver's series.</summary>
    public string DriverValue { get; init; } = "driver";

    /// <summary>
    /// Name of the driver's container (cAdvisor label <c>container</c>). When set, a run's window is the time this
    /// container of the driver pod ran — the first and last raw sample of <see cref="ContainerMetrics"/> with the driver
    /// pod's <c>namespace</c> and <c>pod</c> (read from the driver's discovery series by <see cref="PodDirectory.Identity"/>,
    /// <c>exported_*</c> first) — rather than the life of the discovery series: a finished driver pod stays
    /// <c>Completed</c> and kube-state-metrics keeps exporting <c>kube_pod_labels</c> for it until it is deleted.
    /// Without container series the discovery series' bounds are used. Null (spark-native): no container bound.
    /// cAdvisor's label names (<c>namespace</c>, <c>pod</c>, <c>container</c>) are fixed since Kubernetes 1.16
    /// (spark-fixtures REFERENCE.md §3.2).
    /// </summary>
    public string? DriverContainer { get; init; }

    /// <summary>cAdvisor series that exist exactly while a container runs (kubelet <c>/metrics/cadvisor</c>).</summary>
    public IReadOnlyList<string> ContainerMetrics { get; init; } = ["container_memory_working_set_bytes", "container_cpu_usage_seconds_total"];

    /// <summary>
    /// The server's scrape interval. A run whose last sample is at most two scrape intervals before now is
    /// <see cref="RunState.Running"/> (one interval for the next scrape, one of slack for a late or failed scrape; issue 9 §3).
    /// Default 15 s, as <c>Prometheus:ScrapeIntervalSeconds</c>.
    /// </summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Regex (named group <c>variant</c>) applied to the application name; see <see cref="VariantRule"/>.</summary>
    public string VariantPattern { get; init; } = VariantRule.DefaultPattern;

    /// <summary>How many batches of <see cref="IdsPerQuery"/> applications are resolved at once.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// How many applications one query covers (<c>application_id=~"a|b|…"</c>): resolving N applications costs about
    /// N / IdsPerQuery times the queries of one. 100 ids of Spark's usual length (about 30 characters) make a 3 KB matcher,
    /// well inside what Prometheus and VictoriaMetrics accept in a POST form.
    /// </summary>
    public int IdsPerQuery { get; init; } = 100;

    /// <summary>
    /// The longest search window (<c>Runs:MaxSearchRangeDays</c>, default 31 days): a longer one is refused before any
    /// query (<see cref="SearchRange.Check"/>). It bounds the work one link can ask for: bounds are read one
    /// <see cref="RawChunk"/> at a time.
    /// </summary>
    public TimeSpan MaxSearchRange { get; init; } = SearchRange.DefaultMax;

    /// <summary>Longest range one raw-sample read covers; longer windows are read in chunks so each answer stays small.</summary>
    public TimeSpan RawChunk { get; init; } = TimeSpan.FromDays(1);
}
