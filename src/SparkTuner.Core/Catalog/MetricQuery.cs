namespace SparkTuner.Core.Catalog;

/// <summary>
/// Which profile provides a metric in a scope, or why none does. Not being available is a normal answer
/// (<see cref="IsAvailable"/> false, <see cref="UnavailableReason"/> set), not an exception.
/// </summary>
public sealed record MetricResolution(
    MetricDefinition Metric,
    MetricScope Scope,
    ExporterProfile? Profile,
    QueryTemplate? Template,
    string? UnavailableReason)
{
    /// <summary>True when a profile provides the metric in this scope.</summary>
    public bool IsAvailable => Profile is not null && Template is not null;

    /// <summary>The kind of the series the template returns: the template's override, else the metric's kind.</summary>
    public MetricKind Kind => Template?.Kind ?? Metric.Kind;

    /// <summary>The label identifying executors in results (executor scope only; null for the driver or when unavailable).</summary>
    public string? ExecutorLabel => Scope == MetricScope.Executor && Profile is not null
        ? Template?.ExecutorLabel ?? Profile.ExecutorLabel
        : null;
}

/// <summary>A ready-to-run PromQL query for one metric, scope and run, or the reason there is none.</summary>
/// <param name="Resolution">The profile/template chosen.</param>
/// <param name="PromQl">The final query (template rendered, peak wrapping applied); null when unavailable.</param>
/// <param name="PeakWrapped">True when the query was wrapped in <c>max_over_time</c> to keep spikes between steps.</param>
public sealed record MetricQuery(MetricResolution Resolution, string? PromQl, bool PeakWrapped)
{
    /// <summary>True when <see cref="PromQl"/> is set.</summary>
    public bool IsAvailable => PromQl is not null;

    /// <summary>Effective kind of the returned series.</summary>
    public MetricKind Kind => Resolution.Kind;

    /// <summary>Label identifying executors in executor-scope results.</summary>
    public string? ExecutorLabel => Resolution.ExecutorLabel;

    /// <summary>Why the metric is unavailable, or null.</summary>
    public string? UnavailableReason => Resolution.UnavailableReason;
}
