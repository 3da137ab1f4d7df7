using System.Text.Json;
using System.Text.Json.Serialization;
using SparkTuner.Core.Query;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Catalog;

/// <summary>
/// The logical metrics, summary rows and exporter profiles, validated at load. Answers "which PromQL gives metric X in
/// scope Y for this run with these exporters".
/// </summary>
public sealed class MetricCatalog
{
    /// <summary>Name of the embedded default catalog resource (<c>Catalog/DefaultCatalog.json</c>).</summary>
    public const string DefaultResourceName = "SparkTuner.Core.Catalog.DefaultCatalog.json";

    private static readonly Lazy<MetricCatalog> DefaultCatalog = new(() => FromJson(DefaultJson()));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<string, MetricDefinition> _metrics;
    private readonly Dictionary<string, ExporterProfile> _profiles;

    private MetricCatalog(CatalogDocument document)
    {
        Document = document;
        _metrics = document.Metrics.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _profiles = document.Profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The catalog shipped with SparkTuner (embedded <c>DefaultCatalog.json</c>).</summary>
    public static MetricCatalog Default => DefaultCatalog.Value;

    /// <summary>The validated document this catalog was built from.</summary>
    public CatalogDocument Document { get; }

    /// <summary>Metric groups in display order.</summary>
    public IReadOnlyList<MetricGroup> Groups => Document.Groups;

    /// <summary>The group of <paramref name="metric"/> (its <see cref="MetricDefinition.Group"/> is a group's title or key; validation guarantees one).</summary>
    public MetricGroup GroupOf(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return FindGroup(Document.Groups, metric.Group)
            ?? throw new KeyNotFoundException($"Metric '{metric.Id}' names group '{metric.Group}', which is not in the catalog's groups.");
    }

    private static MetricGroup? FindGroup(IEnumerable<MetricGroup> groups, string? name) =>
        groups.FirstOrDefault(g => string.Equals(g.Key, name, StringComparison.OrdinalIgnoreCase) || string.Equals(g.Title, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Logical metrics in catalog order.</summary>
    public IReadOnlyList<MetricDefinition> Metrics => Document.Metrics;

    /// <summary>Summary rows in catalog order.</summary>
    public IReadOnlyList<SummarySpec> Summary => Document.Summary;

    /// <summary>Exporter profiles in catalog order.</summary>
    public IReadOnlyList<ExporterProfile> Profiles => Document.Profiles;

    /// <summary>The text of the embedded default catalog (<c>{"Catalog": {…}}</c>).</summary>
    public static string DefaultJson()
    {
        using var stream = typeof(MetricCatalog).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{DefaultResourceName}' is missing from {typeof(MetricCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses catalog JSON, either <c>{"Catalog": {…}}</c> (appsettings shape) or the bare document.</summary>
    /// <exception cref="CatalogException">The JSON is malformed or has the wrong shape.</exception>
    public static CatalogDocument ParseDocument(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in root.EnumerateObject())
                {
                    if (string.Equals(p.Name, "Catalog", StringComparison.OrdinalIgnoreCase))
                    {
                        root = p.Value;
                        break;
                    }
                }
            }

            return root.Deserialize<CatalogDocument>(JsonOptions)
                ?? throw new CatalogException(["the catalog JSON is null"]);
        }
        catch (JsonException ex)
        {
            throw new CatalogException([$"catalog JSON is not valid: {ex.Message}"], ex);
        }
    }

    /// <summary>Parses and validates catalog JSON.</summary>
    /// <exception cref="CatalogException">Malformed JSON or any validation problem (see <see cref="Validate"/>).</exception>
    public static MetricCatalog FromJson(string json) => FromDocument(ParseDocument(json));

    /// <summary>Validates <paramref name="document"/> (e.g. bound from configuration) and builds the catalog.</summary>
    /// <exception cref="CatalogException">Any validation problem.</exception>
    public static MetricCatalog FromDocument(CatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = Validate(document);
        if (problems.Count > 0)
        {
            throw new CatalogException(problems);
        }

        return new MetricCatalog(document);
    }

    /// <summary>
    /// Every problem of <paramref name="document"/>, each naming its profile and metric: missing or duplicate ids and names,
    /// templates for unknown metric ids or for a scope the metric does not have, empty templates, unknown placeholders,
    /// unbalanced brackets, invalid executor labels, summary rows pointing at unknown metrics or scopes.
    /// </summary>
    public static IReadOnlyList<string> Validate(CatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<string>();
        var groupKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in document.Groups ?? [])
        {
            if (g is null || string.IsNullOrWhiteSpace(g.Key) || !g.Key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                problems.Add($"group key '{g?.Key}' must be lower-case letters, digits and dashes (it appears in links)");
            }
            else if (!groupKeys.Add(g.Key))
            {
                problems.Add($"group '{g.Key}' is defined twice");
            }

            if (g is not null && string.IsNullOrWhiteSpace(g.Title))
            {
                problems.Add($"group '{g.Key}' has no title");
            }
        }

        var metrics = new Dictionary<string, MetricDefinition>(StringComparer.Ordinal);
        foreach (var m in document.Metrics ?? [])
        {
            if (m is null || string.IsNullOrWhiteSpace(m.Id))
            {
                problems.Add("a metric has no id");
                continue;
            }

            if (!metrics.TryAdd(m.Id, m))
            {
                problems.Add($"metric '{m.Id}' is defined twice");
            }

            if (string.IsNullOrWhiteSpace(m.DisplayName))
            {
                problems.Add($"metric '{m.Id}' has no display name");
            }

            if (m.Scopes is null || m.Scopes.Count == 0)
            {
                problems.Add($"metric '{m.Id}' has no scopes");
            }

            if (FindGroup(document.Groups ?? [], m.Group) is null)
            {
                problems.Add($"metric '{m.Id}': group '{m.Group}' is not one of the catalog's groups ({string.Join(", ", (document.Groups ?? []).Select(g => g.Key))}); add it under Groups with a key and a title");
            }
        }

        var summaryIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in document.Summary ?? [])
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Id))
            {
                problems.Add("a summary row has no id");
                continue;
            }

            if (!summaryIds.Add(s.Id))
            {
                problems.Add($"summary row '{s.Id}' is defined twice");
            }

            if (s.Statistic == Statistic.Duration)
            {
                continue;
            }

            if (s.MetricId is null || !metrics.TryGetValue(s.MetricId, out var metric))
            {
                problems.Add($"summary row '{s.Id}': unknown metric id '{s.MetricId}'");
            }
            else if (metric.Scopes is not null && !metric.Scopes.Contains(s.Scope))
            {
                problems.Add($"summary row '{s.Id}': metric '{s.MetricId}' has no {s.Scope} scope");
            }
        }

        var profileNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in document.Profiles ?? [])
        {
            if (p is null || string.IsNullOrWhiteSpace(p.Name))
            {
                problems.Add("a profile has no name");
                continue;
            }

            if (!profileNames.Add(p.Name))
            {
                problems.Add($"profile '{p.Name}' is defined twice");
            }

            if (!PromQl.IsValidLabelName(p.ExecutorLabel ?? ""))
            {
                problems.Add($"profile '{p.Name}': executor label '{p.ExecutorLabel}' is not a valid label name");
            }

            foreach (var (metricId, templates) in p.Metrics ?? [])
            {
                if (!metrics.TryGetValue(metricId, out var metric))
                {
                    problems.Add($"profile '{p.Name}': unknown metric id '{metricId}' (known: {string.Join(", ", metrics.Keys)})");
                    continue;
                }

                if (templates is null || (templates.Driver is null && templates.Executor is null))
                {
                    problems.Add($"profile '{p.Name}', metric '{metricId}': no driver or executor template");
                    continue;
                }

                foreach (var scope in new[] { MetricScope.Driver, MetricScope.Executor })
                {
                    var t = templates.For(scope);
                    if (t is null)
                    {
                        continue;
                    }

                    var where = $"profile '{p.Name}', metric '{metricId}', {scope.ToString().ToLowerInvariant()} template";
                    if (metric.Scopes is not null && !metric.Scopes.Contains(scope))
                    {
                        problems.Add($"{where}: metric '{metricId}' has no {scope} scope");
                    }

                    if (string.IsNullOrWhiteSpace(t.Query))
                    {
                        problems.Add($"{where}: the query is empty");
                        continue;
                    }

                    foreach (var unknown in PromQlTemplate.UnknownPlaceholders(t.Query))
                    {
                        problems.Add($"{where}: unknown placeholder '{{{unknown}}}' (known: {string.Join(", ", PromQlTemplate.KnownPlaceholders.Select(k => "{" + k + "}"))})");
                    }

                    if (PromQlShape.CheckBalanced(t.Query) is { } unbalanced)
                    {
                        problems.Add($"{where}: {unbalanced}");
                    }

                    if (t.ExecutorLabel is not null && !PromQl.IsValidLabelName(t.ExecutorLabel))
                    {
                        problems.Add($"{where}: executor label '{t.ExecutorLabel}' is not a valid label name");
                    }

                    for (var k = 0; k < (t.Raw?.Count ?? 0); k++)
                    {
                        problems.AddRange(ValidateRaw(t.Raw![k], $"{where}, raw selector {k + 1}"));
                    }
                }
            }
        }

        return problems;
    }

    private static readonly TemplateContext ValidationContext =
        new("app-1", "app", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), "namespace=~\"ns\", pod=~\"p\"");

    private static IEnumerable<string> ValidateRaw(RawSelector? raw, string where)
    {
        if (raw is null || string.IsNullOrWhiteSpace(raw.Selector))
        {
            yield return $"{where}: the selector is empty";
            yield break;
        }

        foreach (var unknown in PromQlTemplate.UnknownPlaceholders(raw.Selector))
        {
            yield return $"{where}: unknown placeholder '{{{unknown}}}' (known: {string.Join(", ", PromQlTemplate.KnownPlaceholders.Select(k => "{" + k + "}"))})";
        }

        if (PromQlShape.CheckBalanced(raw.Selector) is { } unbalanced)
        {
            yield return $"{where}: {unbalanced}";
        }
        else if (PromQlTemplate.UnknownPlaceholders(raw.Selector).Count == 0
                 && !PromQlShape.IsPlainSelector(PromQlTemplate.Render(raw.Selector, ValidationContext)))
        {
            yield return $"{where}: '{raw.Selector}' is not a plain series selector (no functions, operators or range): its raw samples are read as scraped";
        }

        if (!double.IsFinite(raw.Scale) || raw.Scale == 0)
        {
            yield return $"{where}: scale {raw.Scale} must be a finite, non-zero number";
        }

        foreach (var label in raw.Identity ?? [])
        {
            if (!PromQl.IsValidLabelName(label))
            {
                yield return $"{where}: identity label '{label}' is not a valid label name";
            }
        }
    }

    /// <summary>The metric with id <paramref name="metricId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such metric; the message names it and lists the known ids.</exception>
    public MetricDefinition GetMetric(string metricId) =>
        _metrics.TryGetValue(metricId, out var m)
            ? m
            : throw new KeyNotFoundException($"Unknown metric id '{metricId}'. Known metric ids: {string.Join(", ", _metrics.Keys)}.");

    /// <summary>The profile named <paramref name="profileName"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such profile; the message names it and lists the known profiles.</exception>
    public ExporterProfile GetProfile(string profileName) =>
        _profiles.TryGetValue(profileName, out var p)
            ? p
            : throw new KeyNotFoundException($"Unknown exporter profile '{profileName}'. Known profiles: {string.Join(", ", _profiles.Keys)}.");

    /// <summary>
    /// The first of <paramref name="enabledProfiles"/> (in the given order) that provides <paramref name="metricId"/> in
    /// <paramref name="scope"/>; otherwise an unavailable resolution whose reason names the profiles tried.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown metric id or profile name.</exception>
    public MetricResolution Resolve(string metricId, MetricScope scope, IReadOnlyList<string> enabledProfiles)
    {
        ArgumentNullException.ThrowIfNull(enabledProfiles);
        var metric = GetMetric(metricId);
        var profiles = enabledProfiles.Select(GetProfile).ToList();
        if (!metric.Scopes.Contains(scope))
        {
            return new MetricResolution(metric, scope, null, null,
                $"{metric.DisplayName} has no {scope.ToString().ToLowerInvariant()} series (scopes: {string.Join(", ", metric.Scopes)}).");
        }

        foreach (var profile in profiles)
        {
            if (profile.Metrics.TryGetValue(metricId, out var templates) && templates.For(scope) is { } template)
            {
                return new MetricResolution(metric, scope, profile, template, null);
            }
        }

        var tried = profiles.Count == 0 ? "none enabled" : string.Join(", ", profiles.Select(p => p.Name));
        return new MetricResolution(metric, scope, null, null,
            $"{metric.DisplayName} ({scope.ToString().ToLowerInvariant()}) is not available with this exporter (profiles: {tried}).");
    }

    /// <summary>
    /// Every enabled profile that provides <paramref name="metricId"/> in <paramref name="scope"/>, in the order of
    /// <paramref name="enabledProfiles"/> (the first is <see cref="Resolve"/>'s answer; the others are where the data is
    /// looked for when a run has none under the first). Empty when none does.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown metric id or profile name.</exception>
    public IReadOnlyList<MetricResolution> ResolveAll(string metricId, MetricScope scope, IReadOnlyList<string> enabledProfiles)
    {
        ArgumentNullException.ThrowIfNull(enabledProfiles);
        var metric = GetMetric(metricId);
        if (!metric.Scopes.Contains(scope))
        {
            return [];
        }

        return enabledProfiles.Select(GetProfile)
            .Where(p => p.Metrics.TryGetValue(metricId, out var t) && t.For(scope) is not null)
            .Select(p => new MetricResolution(metric, scope, p, p.Metrics[metricId].For(scope), null))
            .ToList();
    }

    /// <summary>
    /// The final PromQL for <paramref name="metricId"/> in <paramref name="scope"/> for <paramref name="run"/>: the template of
    /// the first enabled profile providing it, rendered with the run and <paramref name="plan"/> (window = plan's rate window,
    /// step = plan's step), then — for peak-sensitive metrics whose effective kind is a current value
    /// (<see cref="MetricKind.Gauge"/>) and only when the step is longer than the scrape interval — wrapped by
    /// <see cref="StepPlanner.WrapPeak"/> so no spike between two steps is lost. Running peaks and counters are never
    /// wrapped: their last value already carries the history.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown metric id or profile name.</exception>
    /// <param name="metricId">Logical metric id.</param>
    /// <param name="scope">Driver or executors.</param>
    /// <param name="run">The run whose id and name fill the template.</param>
    /// <param name="plan">The range query's plan (step and rate window).</param>
    /// <param name="enabledProfiles">Profiles in order of preference.</param>
    /// <param name="pods">The run's pods in this scope as matchers, for templates with <c>{pods}</c> (see <see cref="PodDirectory"/>).</param>
    public MetricQuery BuildQuery(string metricId, MetricScope scope, SparkRun run, QueryPlan plan, IReadOnlyList<string> enabledProfiles, string? pods = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(plan);
        var resolution = Resolve(metricId, scope, enabledProfiles);
        if (!resolution.IsAvailable)
        {
            return new MetricQuery(resolution, null, false);
        }

        var rendered = PromQlTemplate.Render(resolution.Template!.Query, new TemplateContext(run.Id, run.Name, plan.RateWindow, plan.Step, pods)).Trim();
        var wrap = resolution.Metric.PeakSensitive && resolution.Kind == MetricKind.Gauge && plan.NeedsPeakWrapping;
        return new MetricQuery(resolution, wrap ? StepPlanner.WrapPeak(rendered, plan) : rendered, wrap);
    }

    /// <summary>
    /// The raw selectors of <paramref name="resolution"/>'s template rendered for <paramref name="run"/>, in the order they
    /// are tried; empty when the template has none (the statistics then use the chart query).
    /// </summary>
    public static IReadOnlyList<(RawSelector Source, string Selector)> BuildRawSelectors(MetricResolution resolution, SparkRun run, string? pods = null)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(run);
        if (resolution.Template?.Raw is not { Count: > 0 } raw)
        {
            return [];
        }

        var context = new TemplateContext(run.Id, run.Name, TimeSpan.Zero, TimeSpan.Zero, pods);
        return raw.Select(r => (r, PromQlTemplate.Render(r.Selector, context).Trim())).ToList();
    }

    /// <summary>True when the chart query or a raw selector of <paramref name="resolution"/> needs the run's pods (<c>{pods}</c>).</summary>
    public static bool NeedsPods(MetricResolution resolution) =>
        resolution.Template is { } t
        && (PromQlTemplate.Placeholders(t.Query).Contains("pods") || (t.Raw ?? []).Any(r => PromQlTemplate.Placeholders(r.Selector).Contains("pods")));
}
