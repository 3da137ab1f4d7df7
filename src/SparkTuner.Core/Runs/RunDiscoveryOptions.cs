namespace SparkTuner.Core.Runs;

/// <summary>
/// Which series identify Spark applications and how their labels are read. <see cref="SparkNative"/> uses the driver's
/// <c>/metrics/executors/prometheus</c> line <c>metrics_executor_totalCores</c>; <see cref="Kubernetes"/> uses
/// kube-state-metrics' <c>kube_pod_labels</c>.
/// </summary>
public sealed record RunDiscoveryOptions
{
    /// <summary>Spark-native discovery (default).</summary>
    public static RunDiscoveryOptions SparkNative { get; } = new();

    /// <summary>Discovery from kube-state-metrics pod labels (needs the spark-* labels in its allow-list).</summary>
    public static RunDiscoveryOptions Kubernetes { get; } = new()
    {
        Metric = "kube_pod_labels",
        AppIdLabel = "label_spark_app_selector",
        AppNameLabel = "label_spark_app_name",
        ExecutorLabel = "label_spark_exec_id",
        DriverLabel = "label_spark_role",
        DriverValue = "driver",
    };

    /// <summary>Metric whose series exist once per application process.</summary>
    public string Metric { get; init; } = "metrics_executor_totalCores";

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

    /// <summary>Regex (named group <c>variant</c>) applied to the application name; see <see cref="VariantRule"/>.</summary>
    public string VariantPattern { get; init; } = VariantRule.DefaultPattern;

    /// <summary>How many applications are resolved at once.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Longest range one raw-sample read covers; longer windows are read in chunks so each answer stays small.</summary>
    public TimeSpan RawChunk { get; init; } = TimeSpan.FromDays(1);
}
