using System.Text;
using System.Text.RegularExpressions;

namespace SparkTuner.Core.Query;

/// <summary>Values a template is rendered with: the run's identity and the planned windows.</summary>
/// <param name="AppId">Spark application id (<c>spark.app.id</c>).</param>
/// <param name="AppName">Spark application name (<c>spark.app.name</c>).</param>
/// <param name="Window">rate()/…_over_time window (see <see cref="QueryPlan.RateWindow"/>).</param>
/// <param name="Step">Step of the range query.</param>
/// <param name="Pods">The run's pods in this scope as PromQL matchers (<c>namespace=~"…", pod=~"…"</c>), for <c>{pods}</c>; see <c>PodDirectory</c>.</param>
public sealed record TemplateContext(string AppId, string AppName, TimeSpan Window, TimeSpan Step, string? Pods = null);

/// <summary>
/// PromQL templates of the metric catalog. Placeholders are <c>{name}</c> with a lower-case identifier; PromQL's own
/// braces never look like that (they hold matchers with an operator), so no escaping is needed:
/// <list type="bullet">
/// <item><c>{app_id}</c> — the application id as an escaped string literal, quotes included: <c>{application_id={app_id}}</c> → <c>{application_id="spark-abc"}</c>.</item>
/// <item><c>{app_name}</c> — the application name as an escaped string literal.</item>
/// <item><c>{ns}</c> — PrometheusServlet's form of the name inside a metric name: every char outside [A-Za-z0-9] → <c>_</c> (no collapsing, case kept).</item>
/// <item><c>{app_id_key}</c> — the same form of the application <b>id</b>: the servlet's names when <c>spark.metrics.namespace</c> is left at its default (<c>spark.app.id</c>).</item>
/// <item><c>{pods}</c> — matchers selecting the run's pods of the scope (Kubernetes), from kube-state-metrics' <c>kube_pod_labels</c>.</item>
/// <item><c>{k8s_app_name}</c> — the <c>spark-app-name</c> pod label form (lower-cased, chars outside [a-z0-9-] → <c>-</c>, at most 63) as an escaped literal.</item>
/// <item><c>{window}</c> — the rate window as a PromQL duration (<c>1m</c>).</item>
/// <item><c>{step}</c> — the query step as a PromQL duration.</item>
/// </list>
/// </summary>
public static partial class PromQlTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static IReadOnlyList<string> KnownPlaceholders { get; } = ["app_id", "app_name", "ns", "app_id_key", "k8s_app_name", "pods", "window", "step"];

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderRegex();

    /// <summary>The placeholder names used in <paramref name="template"/>, in order of appearance.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        PlaceholderRegex().Matches(template).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The placeholder names in <paramref name="template"/> that are not in <see cref="KnownPlaceholders"/>.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string template) =>
        Placeholders(template).Where(p => !KnownPlaceholders.Contains(p)).Distinct().ToList();

    /// <summary>Renders <paramref name="template"/> with <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The template uses an unknown placeholder (catalog validation normally catches this at load).</exception>
    public static string Render(string template, TemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        return PlaceholderRegex().Replace(template, m => m.Groups[1].Value switch
        {
            "app_id" => PromQl.EscapeString(context.AppId),
            "app_name" => PromQl.EscapeString(context.AppName),
            "ns" => SparkNamespaceKey(context.AppName),
            "app_id_key" => SparkNamespaceKey(context.AppId),
            "pods" => context.Pods ?? throw new ArgumentException($"Template '{template}' needs the run's pods ({{pods}}) and none were given.", nameof(context)),
            "k8s_app_name" => PromQl.EscapeString(KubernetesAppNameLabel(context.AppName)),
            "window" => PromQl.FormatDuration(context.Window),
            "step" => PromQl.FormatDuration(context.Step),
            var other => throw new ArgumentException(
                $"Unknown placeholder '{{{other}}}' in template '{template}'. Known: {string.Join(", ", KnownPlaceholders.Select(p => "{" + p + "}"))}.",
                nameof(template)),
        });
    }

    /// <summary>
    /// PrometheusServlet's normalisation of a registry key part: every char outside [A-Za-z0-9] becomes <c>_</c>
    /// (one per code point, as Java's replaceAll; no collapsing, case kept): <c>cartesian-200k.noncached</c> → <c>cartesian_200k_noncached</c>.
    /// </summary>
    public static string SparkNamespaceKey(string appName)
    {
        ArgumentNullException.ThrowIfNull(appName);
        var sb = new StringBuilder(appName.Length);
        // Java's replaceAll works per code point, so a character outside the BMP becomes one '_'.
        foreach (var r in appName.EnumerateRunes())
        {
            sb.Append(r.IsAscii && char.IsAsciiLetterOrDigit((char)r.Value) ? (char)r.Value : '_');
        }

        return sb.ToString();
    }

    /// <summary>Spark-on-Kubernetes <c>spark-app-name</c> label value: lower-cased, chars outside [a-z0-9-] → <c>-</c>, first 63 chars.</summary>
    public static string KubernetesAppNameLabel(string appName)
    {
        ArgumentNullException.ThrowIfNull(appName);
        var sb = new StringBuilder(appName.Length);
        foreach (var r in appName.ToLowerInvariant().EnumerateRunes())
        {
            sb.Append(r.Value is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? (char)r.Value : '-');
        }

        return sb.Length > 63 ? sb.ToString(0, 63) : sb.ToString();
    }
}
