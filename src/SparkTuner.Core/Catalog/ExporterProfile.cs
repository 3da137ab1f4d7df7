namespace SparkTuner.Core.Catalog;

/// <summary>
/// One PromQL template of a profile for one metric and scope. Placeholders: see <see cref="Query.PromQlTemplate"/>.
/// </summary>
public sealed record QueryTemplate
{
    /// <summary>The PromQL template. Executor scope must yield one series per executor; driver scope one series.</summary>
    public string Query { get; init; } = "";

    /// <summary>
    /// Overrides <see cref="MetricDefinition.Kind"/> for this exporter and scope, e.g. Spark's
    /// <c>/metrics/executors/prometheus</c> heap line is a <see cref="MetricKind.RunningPeak"/> while the driver's
    /// servlet gauge is a current value.
    /// </summary>
    public MetricKind? Kind { get; init; }

    /// <summary>Overrides <see cref="ExporterProfile.ExecutorLabel"/> for this template.</summary>
    public string? ExecutorLabel { get; init; }
}

/// <summary>The templates of one metric in one profile, per scope (null: not provided).</summary>
public sealed record MetricTemplates
{
    /// <summary>Driver-scope template.</summary>
    public QueryTemplate? Driver { get; init; }

    /// <summary>Executor-scope template.</summary>
    public QueryTemplate? Executor { get; init; }

    /// <summary>The template for <paramref name="scope"/>, if any.</summary>
    public QueryTemplate? For(MetricScope scope) => scope == MetricScope.Driver ? Driver : Executor;
}

/// <summary>
/// How one exporter set-up (Spark native, JMX exporter, Kubernetes cAdvisor…) exposes the logical metrics, as PromQL
/// templates keyed by <see cref="MetricDefinition.Id"/>. Loaded from configuration so it can be corrected without recompiling.
/// </summary>
public sealed record ExporterProfile
{
    /// <summary>Profile name (<c>spark-native</c>, <c>jmx-exporter</c>, <c>kubernetes</c>…).</summary>
    public string Name { get; init; } = "";

    /// <summary>What the profile needs on the Spark/cluster side, for people choosing one.</summary>
    public string Description { get; init; } = "";

    /// <summary>The label that tells executors apart in executor-scope results (<c>executor_id</c>, <c>label_spark_exec_id</c>).</summary>
    public string ExecutorLabel { get; init; } = "executor_id";

    /// <summary>Templates per metric id.</summary>
    public Dictionary<string, MetricTemplates> Metrics { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The whole catalog as stored in JSON / the <c>Catalog</c> configuration section.</summary>
public sealed record CatalogDocument
{
    /// <summary>Logical metrics.</summary>
    public List<MetricDefinition> Metrics { get; init; } = [];

    /// <summary>Summary rows a comparison reports.</summary>
    public List<SummarySpec> Summary { get; init; } = [];

    /// <summary>Exporter profiles, in the default order of preference.</summary>
    public List<ExporterProfile> Profiles { get; init; } = [];

    /// <summary>
    /// Overlays <paramref name="overrides"/> on this document: metrics and summary rows with the same id are replaced,
    /// new ones appended; a profile with the same name gets its templates replaced per metric id (and its description /
    /// executor label when given), a new profile is appended.
    /// </summary>
    public CatalogDocument MergeWith(CatalogDocument? overrides)
    {
        if (overrides is null)
        {
            return this;
        }

        var metrics = Metrics.ToList();
        foreach (var m in overrides.Metrics)
        {
            var i = metrics.FindIndex(x => x.Id == m.Id);
            if (i >= 0) { metrics[i] = m; } else { metrics.Add(m); }
        }

        var summary = Summary.ToList();
        foreach (var s in overrides.Summary)
        {
            var i = summary.FindIndex(x => x.Id == s.Id);
            if (i >= 0) { summary[i] = s; } else { summary.Add(s); }
        }

        var profiles = Profiles.ToList();
        foreach (var p in overrides.Profiles)
        {
            var i = profiles.FindIndex(x => x.Name == p.Name);
            if (i < 0)
            {
                profiles.Add(p);
                continue;
            }

            var baseProfile = profiles[i];
            var templates = new Dictionary<string, MetricTemplates>(baseProfile.Metrics, StringComparer.Ordinal);
            foreach (var (id, t) in p.Metrics)
            {
                templates[id] = t;
            }

            profiles[i] = baseProfile with
            {
                Description = string.IsNullOrWhiteSpace(p.Description) ? baseProfile.Description : p.Description,
                ExecutorLabel = string.IsNullOrWhiteSpace(p.ExecutorLabel) ? baseProfile.ExecutorLabel : p.ExecutorLabel,
                Metrics = templates,
            };
        }

        return new CatalogDocument { Metrics = metrics, Summary = summary, Profiles = profiles };
    }
}
