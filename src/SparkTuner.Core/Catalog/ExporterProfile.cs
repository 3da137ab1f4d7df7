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

    /// <summary>
    /// Where the summary statistics read their raw samples: plain series selectors (no functions, no range), tried in
    /// order; the first that returns series for a run is used (e.g. Spark 3.1+ names, then Spark 3.0's <c>_Value</c>
    /// names in milliseconds). Null: the statistics use the chart query above at full resolution.
    /// </summary>
    public List<RawSelector>? Raw { get; init; }

    /// <summary>What the metric needs on the Spark or cluster side, said when no series is found (e.g. the setting that enables it).</summary>
    public string? Hint { get; init; }
}

/// <summary>
/// One raw-sample source of a metric: a plain PromQL series selector whose samples are read as they were scraped
/// (<c>selector[window]</c> at the run's end), the kind of those samples, and the factor that converts them to the
/// metric's unit.
/// </summary>
public sealed record RawSelector
{
    /// <summary>A series selector with placeholders, e.g. <c>metrics_executor_totalDuration_seconds_total{application_id={app_id}}</c>.</summary>
    public string Selector { get; init; } = "";

    /// <summary>
    /// Kind of the raw samples. A <see cref="MetricKind.Counter"/> read for a rate-gauge metric (CPU cores, bytes per
    /// second) gives that metric's integral as the counter's increase and its mean as increase ÷ run duration.
    /// </summary>
    public MetricKind Kind { get; init; } = MetricKind.Gauge;

    /// <summary>Multiplies every sample into the metric's unit (1e-9 for nanoseconds of CPU, 0.001 for milliseconds).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>
    /// Labels that identify one quantity (one series per identity; copies that differ in other labels — replica, job,
    /// instance — are collapsed, never summed). Null: the profile's <see cref="ExporterProfile.IdentityLabels"/>.
    /// </summary>
    public List<string>? Identity { get; init; }

    /// <summary>Said in the row's note when this selector (not the first) is the one that found the data.</summary>
    public string? Note { get; init; }
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

    /// <summary>
    /// Labels that identify one series of this exporter (besides the metric name): <c>application_id</c> and
    /// <c>executor_id</c> for Spark's endpoint, <c>namespace</c>, <c>pod</c> and <c>container</c> for cAdvisor.
    /// Empty: every label except the replica and scrape-target labels (see <c>SeriesIdentity</c>).
    /// </summary>
    public List<string> IdentityLabels { get; init; } = [];

    /// <summary>Templates per metric id.</summary>
    public Dictionary<string, MetricTemplates> Metrics { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A group of metrics: a chart section of the Compare page and a block of the summary table.</summary>
/// <param name="Key">Stable key used in links (<c>groups=memory,cpu</c>): lower-case letters, digits and dashes.</param>
/// <param name="Title">What the page shows; <see cref="MetricDefinition.Group"/> names a group by its title or key.</param>
public sealed record MetricGroup(string Key, string Title);

/// <summary>The whole catalog as stored in JSON / the <c>Catalog</c> configuration section.</summary>
public sealed record CatalogDocument
{
    /// <summary>Metric groups in display order.</summary>
    public List<MetricGroup> Groups { get; init; } = [];

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

        var groups = Groups.ToList();
        foreach (var g in overrides.Groups)
        {
            var i = groups.FindIndex(x => x.Key == g.Key);
            if (i >= 0) { groups[i] = g; } else { groups.Add(g); }
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
                IdentityLabels = p.IdentityLabels is { Count: > 0 } ids ? ids : baseProfile.IdentityLabels,
                Metrics = templates,
            };
        }

        return new CatalogDocument { Groups = groups, Metrics = metrics, Summary = summary, Profiles = profiles };
    }
}
