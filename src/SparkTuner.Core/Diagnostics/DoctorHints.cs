using System.Text.RegularExpressions;

namespace SparkTuner.Core.Diagnostics;

/// <summary>
/// The causes the doctor can name and their fixes, written once. Each method returns a <see cref="DoctorHint"/> whose
/// message says what was looked for, what was found instead, and the setting that fixes it.
/// </summary>
public static partial class DoctorHints
{
    /// <summary>Spark's setting for the driver's <c>/metrics/executors/prometheus</c>.</summary>
    public const string SparkUiPrometheusSetting = "spark.ui.prometheus.enabled=true";

    /// <summary>The namespace setting that names servlet metrics by the application name.</summary>
    public const string NamespaceSetting = "spark.metrics.namespace=${spark.app.name}";

    /// <summary>kube-state-metrics' allow-list of the Spark pod labels.</summary>
    public const string AllowlistSetting = "--metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name]";

    /// <summary>The scrape-config setting that keeps kube-state-metrics' own namespace/pod labels.</summary>
    public const string HonorLabelsSetting = "honor_labels: true";

    /// <summary>Prefix of the names of Spark's executor endpoint.</summary>
    public const string ExecutorEndpointPrefix = "metrics_executor_";

    private static readonly string[] Spark31Suffixes = ["_seconds_total", "_bytes_total", "_bytes", "_total"];

    // spark.app.id shapes (REFERENCE §1.3) after the servlet's normalisation: Kubernetes, standalone, YARN, local.
    [GeneratedRegex(@"^(spark_[0-9a-f]{32}|app_\d{14}_\d{4}|application_\d+_\d+|local_\d+)$")]
    private static partial Regex AppIdKey();

    /// <summary>True when a servlet namespace key has the shape of a Spark application id (the default namespace).</summary>
    public static bool LooksLikeAppIdKey(string key) => AppIdKey().IsMatch(key);

    /// <summary>
    /// Spark 3.0's name regex for a 3.1+ executor-endpoint name: <c>metrics_executor_totalDuration_seconds_total</c> →
    /// <c>metrics_executor_totalDuration_(Count|Value)</c>; null for names outside the endpoint.
    /// </summary>
    public static string? Spark30Regex(string name)
    {
        if (!name.StartsWith(ExecutorEndpointPrefix, StringComparison.Ordinal) || name.EndsWith("_Count", StringComparison.Ordinal) || name.EndsWith("_Value", StringComparison.Ordinal))
        {
            return null;
        }

        var baseName = name;
        foreach (var suffix in Spark31Suffixes)
        {
            if (baseName.EndsWith(suffix, StringComparison.Ordinal))
            {
                baseName = baseName[..^suffix.Length];
                break;
            }
        }

        return Query.PromQl.RegexEscapeLiteral(baseName) + "_(Count|Value)";
    }

    /// <summary>No executor-endpoint series at all.</summary>
    public static DoctorHint SparkUiPrometheus() => new(HintKind.SparkUiPrometheus,
        $"No series of Spark's executor endpoint (metrics_executor_*) at all: set {SparkUiPrometheusSetting} " +
        "(the default from Spark 4.0) and scrape the driver UI's /metrics/executors/prometheus.",
        SparkUiPrometheusSetting);

    /// <summary>Spark 3.0 names found instead of the 3.1+ name.</summary>
    public static DoctorHint Spark30Names(string name, IReadOnlyList<string> found) => new(HintKind.Spark30Names,
        $"{name} not found; Spark 3.0's executor-endpoint names exist instead ({Join(found)}: _Count/_Value suffixes, times in ms). " +
        "These come from Spark 3.0's /metrics/executors/prometheus; Spark 3.1 and later write the names SparkTuner reads.",
        null);

    /// <summary>Only Spark 3.0's endpoint names exist, and none for this line.</summary>
    public static DoctorHint Spark30Endpoint(string name, string example) => new(HintKind.Spark30Names,
        $"{name} not found, nor a Spark 3.0 name for it: the executor endpoint here writes Spark 3.0's names (e.g. {example}), " +
        "which have no such line. Spark 3.1 and later write it.",
        null);

    /// <summary>A row read through Spark 3.0's name because the 3.1+ one is absent.</summary>
    public static DoctorHint Spark30Fallback(string primary, string used) => new(HintKind.Spark30Names,
        $"{primary} not found: read through Spark 3.0's name {used} (_Count/_Value suffixes, times in ms converted). " +
        "This is Spark 3.0's /metrics/executors/prometheus; Spark 3.1 and later write the names SparkTuner reads first.",
        null);

    /// <summary>A row read through a fallback selector of the catalog, with its note.</summary>
    public static DoctorHint Fallback(string primary, string used, string? note) => new(HintKind.Fallback,
        $"{primary} not found: read through {used}{(note is null ? "." : $" ({note}).")}",
        null);

    /// <summary>The endpoint is scraped but has no such line.</summary>
    public static DoctorHint EndpointLineAbsent(string name) => new(HintKind.EndpointLineAbsent,
        $"Spark's executor endpoint is scraped, but has no {name} line: peak-memory lines appear only once an executor heartbeat " +
        "carried them, storage-memory lines only when Spark knows memory metrics; an older Spark or a relabelling rule may drop others.",
        null);

    /// <summary>The servlet is scraped under the application name but has no such line.</summary>
    public static DoctorHint ServletLineAbsent(string name, string prefix) => new(HintKind.ServletLineAbsent,
        $"The driver's PrometheusServlet is scraped ({prefix}* exist), but has no {name}: ExecutorMetrics lines need " +
        "spark.metrics.executorMetricsSource.enabled=true (the default); a relabelling rule may drop others.",
        null);

    /// <summary>No PrometheusServlet series for the driver at all.</summary>
    /// <param name="prefix">The prefix looked for, <c>metrics_&lt;app name key&gt;_driver_</c>.</param>
    public static DoctorHint ServletSink(string prefix) => new(HintKind.ServletSink,
        $"No driver PrometheusServlet series ({prefix}*): enable the sink with " +
        "spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet and " +
        $"spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus, scrape the driver UI at that path, and set {NamespaceSetting}.",
        NamespaceSetting);

    /// <summary>Servlet series named by the application id.</summary>
    /// <param name="expectedPrefix">The prefix looked for, <c>metrics_&lt;app name key&gt;_driver_</c>.</param>
    /// <param name="foundPrefix">The prefix found, <c>metrics_&lt;app id key&gt;_driver_</c>.</param>
    public static DoctorHint ServletNamespaceDefault(string expectedPrefix, string foundPrefix) => new(HintKind.ServletNamespaceDefault,
        $"Driver servlet series are named by the application id ({foundPrefix}*), not by the application name ({expectedPrefix}*): " +
        $"spark.metrics.namespace was left at its default, spark.app.id. Set {NamespaceSetting}.",
        NamespaceSetting);

    /// <summary>Servlet series under another namespace.</summary>
    public static DoctorHint ServletNamespaceOther(string expectedName, IReadOnlyList<string> found) => new(HintKind.ServletNamespaceOther,
        $"{expectedName} not found; driver servlet series exist under other namespaces ({Join(found)}). " +
        $"SparkTuner finds them by the application name: set {NamespaceSetting}.",
        NamespaceSetting);

    /// <summary>kube-state-metrics not scraped.</summary>
    public static DoctorHint KubeStateMetricsMissing() => new(HintKind.KubeStateMetricsMissing,
        "No kube_pod_labels series: kube-state-metrics is not scraped (or not installed). It links pods to Spark applications; " +
        $"run it with {AllowlistSetting}.",
        AllowlistSetting);

    /// <summary>kube_pod_labels without the Spark labels.</summary>
    public static DoctorHint KubeStateMetricsAllowlist() => new(HintKind.KubeStateMetricsAllowlist,
        "kube_pod_labels exists but carries no label_spark_app_selector: since kube-state-metrics 2.0 pod labels are exported only when " +
        $"allowed. Run kube-state-metrics with {AllowlistSetting}.",
        AllowlistSetting);

    /// <summary>kube_pod_labels with exported_namespace / exported_pod.</summary>
    public static DoctorHint HonorLabels(int exported) => new(HintKind.HonorLabels,
        $"kube_pod_labels carries exported_namespace/exported_pod ({exported} series): kube-state-metrics is scraped without honor_labels, " +
        "so namespace/pod name the kube-state-metrics pod. SparkTuner reads the Spark pod from the exported_ labels, but every join on " +
        $"(namespace, pod) with cAdvisor (dashboards, recording rules) finds nothing. Set {HonorLabelsSetting} in its scrape config (ServiceMonitor: honorLabels: true).",
        HonorLabelsSetting);

    /// <summary>No cAdvisor series.</summary>
    public static DoctorHint CadvisorMissing(string name) => new(HintKind.CadvisorMissing,
        $"No cAdvisor series (looked for {name}): scrape the kubelet's /metrics/cadvisor endpoint.",
        null);

    /// <summary>No JMX exporter series.</summary>
    public static DoctorHint JmxExporterMissing(string name) => new(HintKind.JmxExporterMissing,
        $"No JMX-exporter series (looked for {name}): run the JMX exporter java agent on the driver and executors with the " +
        "spark-operator rules (spec.monitoring), or leave this profile disabled.",
        null);

    /// <summary>Names exist, not for this run.</summary>
    public static DoctorHint NoSeriesForRun(string names, string appId) => new(HintKind.NoSeriesForRun,
        $"Series named {names} exist, but none for application {appId} in its run window.",
        null);

    /// <summary>kube_pod_labels exists for Spark pods but not for this application.</summary>
    public static DoctorHint NoPodLabelsForRun(string appId) => new(HintKind.NoSeriesForRun,
        $"kube_pod_labels has no pod with label_spark_app_selector=\"{appId}\" in the run window: the application's pods were not seen by kube-state-metrics.",
        null);

    /// <summary>No series of a name, cause unknown.</summary>
    public static DoctorHint NoSeries(string name) => new(HintKind.NoSeries, $"No series named {name} in the checked range.", null);

    /// <summary>Duplicated series.</summary>
    public static DoctorHint Duplicates(string what, int identities, int copies, IReadOnlyList<string> differing, IReadOnlyList<string> replicaLabels)
    {
        var replica = differing.Where(replicaLabels.Contains).ToList();
        var scrape = differing.Where(l => l is "job" or "instance").ToList();
        var only = differing.All(l => replicaLabels.Contains(l) || l is "job" or "instance") ? "only " : "";
        var head = $"{identities} {what} series exist {copies} times, differing {only}in {(differing.Count == 0 ? "no label" : Join(differing))}";
        if (replica.Count > 0)
        {
            return new(HintKind.Duplicates,
                $"{head}: an HA Prometheus pair or a Thanos Querier without deduplication. Summed, copies multiply totals. " +
                $"Deduplicate in Thanos Querier with --query.replica-label={replica[0]} (or query one replica), or honor the replica label {replica[0]} when reading.",
                $"--query.replica-label={replica[0]}");
        }

        if (scrape.Count > 0)
        {
            return new(HintKind.Duplicates,
                $"{head}: the same target is scraped twice (two jobs, or a ServiceMonitor and a PodMonitor for one pod). Summed, copies multiply totals. " +
                "Remove one of the scrape configurations.",
                null);
        }

        return new(HintKind.Duplicates, $"{head}. Summed, copies multiply totals.", null);
    }

    /// <summary>Joins up to three names, then "…".</summary>
    internal static string Join(IReadOnlyList<string> names) =>
        names.Count <= 3 ? string.Join(", ", names) : string.Join(", ", names.Take(3)) + $" and {names.Count - 3} more";
}
