using SparkTuner.Core.Catalog;
using SparkTuner.Core.Query;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Runs;

/// <summary>One Kubernetes pod of a Spark application, as kube-state-metrics' <c>kube_pod_labels</c> describes it.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Role">Spark's <c>spark-role</c> pod label: <c>driver</c> or <c>executor</c>.</param>
/// <param name="ExecutorId">Spark's <c>spark-exec-id</c> pod label (executors only).</param>
public sealed record SparkPod(string Namespace, string Pod, string Role, string? ExecutorId);

/// <summary>
/// The pods of a run, read from <c>kube_pod_labels</c> (kube-state-metrics with
/// <c>--metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name]</c>), so that cAdvisor
/// series can be selected by namespace and pod without a PromQL join. A join on (namespace, pod) fails with
/// "many-to-many matching not allowed" when kube_pod_labels exists twice (HA, two kube-state-metrics), and finds nothing
/// when kube-state-metrics is scraped without <c>honor_labels: true</c>: then the pod's own namespace and name arrive as
/// <c>exported_namespace</c> / <c>exported_pod</c>, which are read here first.
/// </summary>
public static class PodDirectory
{
    /// <summary>kube-state-metrics' pod label series.</summary>
    public const string Metric = "kube_pod_labels";

    /// <summary>Spark's <c>spark-app-selector</c> pod label (the application id) as kube-state-metrics exports it.</summary>
    public const string AppLabel = "label_spark_app_selector";

    /// <summary>Spark's <c>spark-role</c> pod label.</summary>
    public const string RoleLabel = "label_spark_role";

    /// <summary>Spark's <c>spark-exec-id</c> pod label, added to every cAdvisor series of an executor pod.</summary>
    public const string ExecutorLabel = "label_spark_exec_id";

    /// <summary>The pods of <paramref name="run"/> with a <c>kube_pod_labels</c> series in the run's window widened by <paramref name="pad"/>.</summary>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public static async Task<IReadOnlyList<SparkPod>> ListAsync(ITimeSeriesSource source, SparkRun run, TimeSpan pad, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(run);
        var selector = new Selector(Metric).Eq(AppLabel, run.Id).ToString();
        var sets = await source.SeriesAsync([selector], run.Start - pad, run.End + pad, cancellationToken).ConfigureAwait(false);
        return FromLabelSets(sets.Data);
    }

    /// <summary>
    /// The pods of each of <paramref name="runs"/> with one <c>/api/v1/series</c> call (the application ids as one
    /// alternation, over the span of the runs widened by <paramref name="pad"/>), by run id; a run without pods maps to
    /// an empty list.
    /// </summary>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<SparkPod>>> ListManyAsync(
        ITimeSeriesSource source, IReadOnlyList<SparkRun> runs, TimeSpan pad, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(runs);
        var result = new Dictionary<string, IReadOnlyList<SparkPod>>(StringComparer.Ordinal);
        if (runs.Count == 0)
        {
            return result;
        }

        var ids = runs.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        var selector = ids.Count == 1 ? new Selector(Metric).Eq(AppLabel, ids[0]) : new Selector(Metric).In(AppLabel, ids);
        var sets = await source.SeriesAsync([selector.ToString()], runs.Min(r => r.Start) - pad, runs.Max(r => r.End) + pad, cancellationToken).ConfigureAwait(false);
        var byApp = sets.Data.GroupBy(l => Get(l, AppLabel) ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var id in ids)
        {
            result[id] = byApp.TryGetValue(id, out var labelSets) ? FromLabelSets(labelSets) : [];
        }

        return result;
    }

    /// <summary>Pods from <c>kube_pod_labels</c> label sets; <c>exported_namespace</c>/<c>exported_pod</c> win over <c>namespace</c>/<c>pod</c>.</summary>
    public static IReadOnlyList<SparkPod> FromLabelSets(IEnumerable<IReadOnlyDictionary<string, string>> labelSets)
    {
        ArgumentNullException.ThrowIfNull(labelSets);
        var pods = new Dictionary<(string, string), SparkPod>();
        foreach (var labels in labelSets)
        {
            if (Identity(labels) is not var (ns, pod))
            {
                continue;
            }

            pods.TryAdd((ns, pod), new SparkPod(ns, pod, Get(labels, RoleLabel) ?? "", Get(labels, ExecutorLabel)));
        }

        return pods.Values.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Pod, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The pod a <c>kube_pod_labels</c> series describes: (namespace, pod), each read from <c>exported_&lt;label&gt;</c> when
    /// present, else from the label; null when either is missing. Prometheus renames each scraped label that clashes with
    /// a target label to <c>exported_&lt;label&gt;</c> when the job has <c>honor_labels: false</c> (its default; Prometheus
    /// configuration docs, <c>honor_labels</c>), label by label: a target with a <c>namespace</c> but no <c>pod</c> label
    /// exports only <c>exported_namespace</c>. Used by run discovery and by the Kubernetes series selection alike.
    /// </summary>
    public static (string Namespace, string Pod)? Identity(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var ns = Get(labels, "exported_namespace") ?? Get(labels, "namespace");
        var pod = Get(labels, "exported_pod") ?? Get(labels, "pod");
        return ns is null || pod is null ? null : (ns, pod);
    }

    /// <summary>The pods of <paramref name="scope"/>: the driver (<c>spark-role=driver</c>) or the executors.</summary>
    public static IReadOnlyList<SparkPod> InScope(IReadOnlyList<SparkPod> pods, MetricScope scope) =>
        pods.Where(p => scope == MetricScope.Driver ? p.Role == "driver" : p.Role == "executor").ToList();

    /// <summary>
    /// <c>namespace=~"…", pod=~"…"</c> selecting exactly <paramref name="pods"/> (literal alternations), for the
    /// <c>{pods}</c> placeholder; null when there is none (an empty alternation would match series without the label).
    /// </summary>
    public static string? Matchers(IReadOnlyList<SparkPod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        if (pods.Count == 0)
        {
            return null;
        }

        static string Alternation(IEnumerable<string> values) =>
            PromQl.EscapeString(string.Join('|', values.Distinct(StringComparer.Ordinal).Select(PromQl.RegexEscapeLiteral)));
        return $"namespace=~{Alternation(pods.Select(p => p.Namespace))}, pod=~{Alternation(pods.Select(p => p.Pod))}";
    }

    /// <summary>
    /// Keeps the series of <paramref name="pods"/> (by their <c>namespace</c> and <c>pod</c> labels) and adds
    /// <see cref="ExecutorLabel"/> to each executor pod's series.
    /// </summary>
    public static IReadOnlyList<TimeSeries> Attach(IReadOnlyList<TimeSeries> series, IReadOnlyList<SparkPod> pods)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(pods);
        var byPod = pods.ToDictionary(p => (p.Namespace, p.Pod));
        var result = new List<TimeSeries>(series.Count);
        foreach (var s in series)
        {
            if (s.Label("namespace") is not { } ns || s.Label("pod") is not { } name || !byPod.TryGetValue((ns, name), out var pod))
            {
                continue;
            }

            if (pod.ExecutorId is null)
            {
                result.Add(s);
                continue;
            }

            var labels = new Dictionary<string, string>(s.Labels, StringComparer.Ordinal) { [ExecutorLabel] = pod.ExecutorId };
            result.Add(s with { Labels = labels });
        }

        return result;
    }

    private static string? Get(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
}
