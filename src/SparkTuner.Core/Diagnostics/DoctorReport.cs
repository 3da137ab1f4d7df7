using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Diagnostics;

/// <summary>The overall verdict of a data-source check; the CLI's exit code is <see cref="DoctorReport.ExitCode"/>.</summary>
public enum DoctorStatus
{
    /// <summary>Every metric the enabled profiles read exists, no duplicates, the scrape interval matches (exit 0).</summary>
    Healthy,
    /// <summary>Something the comparison needs is missing or wrong: see the findings (exit 1).</summary>
    Problems,
    /// <summary>The server is not reachable, or a check failed with a data-source error (exit 2).</summary>
    Failed,
}

/// <summary>Outcome of one metric × scope check.</summary>
public enum CheckStatus
{
    /// <summary>Series exist (for the run, or by name when no run was found).</summary>
    Found,
    /// <summary>No series: the check's <see cref="MetricCheck.Hint"/> says what is needed.</summary>
    Missing,
    /// <summary>The source failed while checking (<see cref="MetricCheck.Error"/>).</summary>
    Error,
}

/// <summary>How much a finding matters for the comparisons SparkTuner makes with the current configuration.</summary>
public enum FindingSeverity
{
    /// <summary>Nothing to do for the enabled profiles (e.g. a disabled profile's exporter is absent).</summary>
    Info,
    /// <summary>Numbers may be wrong or coarse (scrape interval mismatch).</summary>
    Warning,
    /// <summary>A summary row is n/a or wrong (a metric an enabled profile reads is missing, duplicated series).</summary>
    Problem,
}

/// <summary>What kind of cause a hint names; stable identifiers for tests, JSON consumers and the page's icons.</summary>
public enum HintKind
{
    /// <summary>No <c>metrics_executor_*</c> series: <c>spark.ui.prometheus.enabled=true</c> is needed.</summary>
    SparkUiPrometheus,
    /// <summary>Spark 3.0's executor-endpoint names (<c>_Count</c> / <c>_Value</c>) exist instead of the 3.1+ names.</summary>
    Spark30Names,
    /// <summary>The executor endpoint is scraped but does not write this line.</summary>
    EndpointLineAbsent,
    /// <summary>No driver PrometheusServlet series: the sink and <c>spark.metrics.namespace</c> are needed.</summary>
    ServletSink,
    /// <summary>Servlet series are named by the application id: <c>spark.metrics.namespace</c> was left at its default.</summary>
    ServletNamespaceDefault,
    /// <summary>Servlet series exist under another namespace than the application's name.</summary>
    ServletNamespaceOther,
    /// <summary>The driver servlet is scraped under the application's name but does not write this line.</summary>
    ServletLineAbsent,
    /// <summary>No <c>kube_pod_labels</c>: kube-state-metrics is not scraped.</summary>
    KubeStateMetricsMissing,
    /// <summary><c>kube_pod_labels</c> without the Spark pod labels: the allow-list is needed.</summary>
    KubeStateMetricsAllowlist,
    /// <summary><c>kube_pod_labels</c> carries <c>exported_namespace</c>/<c>exported_pod</c>: <c>honor_labels: true</c> is needed.</summary>
    HonorLabels,
    /// <summary>No cAdvisor <c>container_*</c> series.</summary>
    CadvisorMissing,
    /// <summary>No JMX-exporter <c>spark_*</c> series.</summary>
    JmxExporterMissing,
    /// <summary>Series of these names exist, but none for the run checked.</summary>
    NoSeriesForRun,
    /// <summary>No series of this name and no known cause.</summary>
    NoSeries,
    /// <summary>Copies of the same series (replicas, two jobs or instances).</summary>
    Duplicates,
    /// <summary>The scrape interval in the data differs from the configured one.</summary>
    ScrapeInterval,
    /// <summary>No run was found to check against.</summary>
    NoRun,
    /// <summary>The row reads a fallback selector (its note says why); the primary one has no series.</summary>
    Fallback,
}

/// <summary>A cause and its fix: one readable sentence, and the setting that fixes it when there is one.</summary>
/// <param name="Kind">The kind of cause.</param>
/// <param name="Message">One sentence a person can act on; names what was looked for and what was found instead.</param>
/// <param name="Setting">The exact setting that fixes it (<c>spark.ui.prometheus.enabled=true</c>, <c>honor_labels: true</c>…), or null.</param>
public sealed record DoctorHint(HintKind Kind, string Message, string? Setting);

/// <summary>The server: its URL (without credentials), whether it answered, and its version.</summary>
/// <param name="Url">The base URL, safe to show.</param>
/// <param name="Reachable">True when <c>/api/v1/status/buildinfo</c> answered.</param>
/// <param name="Version">The version it reports; null when it answered without one (VictoriaMetrics before late 2023) or is not reachable.</param>
/// <param name="Error">Why it is not reachable, or null.</param>
public sealed record ServerCheck(string Url, bool Reachable, string? Version, string? Error)
{
    /// <summary>"reachable, version 2.42.0", "reachable, version unknown" or "not reachable: …".</summary>
    public string Summary => !Reachable
        ? $"not reachable: {Error}"
        : Version is null ? "reachable, version unknown" : $"reachable, version {Version}";
}

/// <summary>Which run the checks used, and how it was found (or why none was).</summary>
/// <param name="RequestedId">The run id asked for, or null for "the most recent run".</param>
/// <param name="Run">The run checked, or null when none was found.</param>
/// <param name="DiscoveryMetric">The metric run discovery looks for (<c>metrics_executor_totalCores</c>, <c>kube_pod_labels</c>).</param>
/// <param name="SearchFrom">Start of the range searched.</param>
/// <param name="SearchTo">End of the range searched.</param>
/// <param name="Message">One sentence: which run and why, or that none was found and what was looked for (and found instead).</param>
public sealed record RunCheck(string? RequestedId, SparkRun? Run, string DiscoveryMetric, DateTimeOffset SearchFrom, DateTimeOffset SearchTo, string Message);

/// <summary>One catalog metric in one scope for one profile.</summary>
/// <param name="MetricId">Catalog metric id.</param>
/// <param name="DisplayName">Its display name.</param>
/// <param name="Scope">Driver or executor.</param>
/// <param name="Status">Found, missing or error.</param>
/// <param name="UsedForRows">True when this profile is the one the comparison resolves this metric and scope from
/// (the first enabled profile with a template); a missing metric here makes rows n/a.</param>
/// <param name="Series">Series found (the most at one instant for a run; names found otherwise); 0 when missing.</param>
/// <param name="Basis">"run" when the profile's rendered query was counted over the run's window; "names" when only
/// the metric names (and kube-state-metrics labels) were checked over the search range because no run was found.</param>
/// <param name="Query">The PromQL (or name pattern) checked.</param>
/// <param name="Hint">What is missing and what fixes it; for a found check, the fallback it is read through (null when the
/// primary names exist).</param>
/// <param name="Error">The data-source error of this check, or null.</param>
public sealed record MetricCheck(
    string MetricId,
    string DisplayName,
    MetricScope Scope,
    CheckStatus Status,
    bool UsedForRows,
    int Series,
    string Basis,
    string Query,
    DoctorHint? Hint,
    string? Error);

/// <summary>All checks of one exporter profile (every profile of the catalog, enabled or not).</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Enabled">True when the configuration enables it (<c>Prometheus:Profiles</c>).</param>
/// <param name="Description">What the profile needs (from the catalog).</param>
/// <param name="Metrics">One check per metric × scope the profile has a template for, in catalog order.</param>
public sealed record ProfileCheck(string Name, bool Enabled, string Description, IReadOnlyList<MetricCheck> Metrics)
{
    /// <summary>How many checks found series.</summary>
    public int Found => Metrics.Count(m => m.Status == CheckStatus.Found);

    /// <summary>How many checks found none.</summary>
    public int Missing => Metrics.Count(m => m.Status == CheckStatus.Missing);
}

/// <summary>Series of the same identity that exist more than once (summed, they double the numbers).</summary>
/// <param name="Profile">The profile whose series are duplicated.</param>
/// <param name="What">Which series were checked, e.g. "executor endpoint (metrics_executor_*)".</param>
/// <param name="IdentityLabels">The labels that make a series' identity.</param>
/// <param name="Identities">How many identities exist more than once.</param>
/// <param name="Copies">The most copies of one identity.</param>
/// <param name="Example">The identity labels of one duplicated series.</param>
/// <param name="DifferingLabels">The labels whose values differ between the copies of <paramref name="Example"/>.</param>
/// <param name="Hint">What to do about it.</param>
public sealed record DuplicateFinding(
    string Profile,
    string What,
    IReadOnlyList<string> IdentityLabels,
    int Identities,
    int Copies,
    IReadOnlyDictionary<string, string> Example,
    IReadOnlyList<string> DifferingLabels,
    DoctorHint Hint);

/// <summary>The scrape interval seen in the data against the configured one.</summary>
/// <param name="ConfiguredSeconds">Prometheus:ScrapeIntervalSeconds.</param>
/// <param name="DetectedSeconds">Median gap between consecutive raw samples of the discovery series, or null when not detected.</param>
/// <param name="Gaps">How many gaps the median was taken over.</param>
/// <param name="Selector">The range-vector selector read.</param>
/// <param name="Message">One sentence: match, mismatch (with the setting) or why it was not detected.</param>
/// <param name="Mismatch">True when detected and configured differ by more than the tolerance (10 %).</param>
/// <param name="Error">The data-source error, or null.</param>
public sealed record ScrapeIntervalCheck(
    double ConfiguredSeconds,
    double? DetectedSeconds,
    int Gaps,
    string? Selector,
    string Message,
    bool Mismatch,
    string? Error);

/// <summary>One thing to fix (or to know), aggregated over the checks that show it.</summary>
/// <param name="Severity">How much it matters with the current configuration.</param>
/// <param name="Hint">The cause and fix.</param>
/// <param name="Where">What shows it: "spark-native: JVM heap used (driver)", "duplicates", "scrape interval"…</param>
public sealed record DoctorFinding(FindingSeverity Severity, DoctorHint Hint, IReadOnlyList<string> Where);

/// <summary>
/// The answer to "why is this row n/a?": the server, the run checked, which catalog metrics exist per profile and what
/// each missing one needs, duplicates, the scrape interval, and the findings to act on. Produced by
/// <see cref="DataSourceDoctor.CheckAsync"/>; serialised by <see cref="DoctorJson"/> for the API and the CLI.
/// </summary>
/// <param name="CheckedAt">When the check ran.</param>
/// <param name="Server">The server.</param>
/// <param name="Run">The run the checks used (null when the server was not reachable).</param>
/// <param name="Profiles">Every profile of the catalog, in catalog order.</param>
/// <param name="Duplicates">Duplicated series found in the run's window.</param>
/// <param name="ScrapeInterval">Detected against configured (null when the server was not reachable).</param>
/// <param name="Findings">What to fix, most severe first.</param>
/// <param name="Errors">One line per check that failed with a data-source error.</param>
public sealed record DoctorReport(
    DateTimeOffset CheckedAt,
    ServerCheck Server,
    RunCheck? Run,
    IReadOnlyList<ProfileCheck> Profiles,
    IReadOnlyList<DuplicateFinding> Duplicates,
    ScrapeIntervalCheck? ScrapeInterval,
    IReadOnlyList<DoctorFinding> Findings,
    IReadOnlyList<string> Errors)
{
    /// <summary>Failed when unreachable or a check errored; Problems when a warning or problem was found; else Healthy.</summary>
    public DoctorStatus Status =>
        !Server.Reachable || Errors.Count > 0 ? DoctorStatus.Failed
        : Findings.Any(f => f.Severity >= FindingSeverity.Warning) ? DoctorStatus.Problems
        : DoctorStatus.Healthy;

    /// <summary>0 healthy, 1 something missing or wrong, 2 unreachable or a data-source error.</summary>
    public int ExitCode => Status switch
    {
        DoctorStatus.Healthy => 0,
        DoctorStatus.Problems => 1,
        _ => 2,
    };
}
