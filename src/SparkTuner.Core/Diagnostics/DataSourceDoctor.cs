using System.Globalization;
using System.Text.RegularExpressions;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Query;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Diagnostics;

/// <summary>
/// Answers "why is this row n/a?": checks a Prometheus-compatible source against the metric catalog and the
/// configuration, and says for every profile which metrics × scopes exist, what each missing one needs, which series
/// are duplicated, and whether the scrape interval in the data matches the configured one.
/// <para>
/// With a run (named, or the most recent one of <see cref="DataSourceDoctorOptions.RecentWindow"/>), each profile's own
/// rendered query is counted over the run's window (<c>count(…)</c> as a range query of about 60 points), so "found"
/// means exactly that the comparison gets series. Without a run, only the metric names (one
/// <c>/api/v1/label/__name__/values</c> call with matchers) and kube-state-metrics' labels are checked over the search
/// range. Queries run at most <see cref="DataSourceDoctorOptions.MaxConcurrency"/> at once; a check whose query fails
/// records one line in <see cref="DoctorReport.Errors"/> and the rest of the report is still built.
/// </para>
/// </summary>
public sealed partial class DataSourceDoctor
{
    private const string KubePodLabels = "kube_pod_labels";
    private const string ServletPrefix = "metrics_{ns}_driver_";
    private const int CheckPoints = 60;

    private readonly ITimeSeriesSource _source;
    private readonly MetricCatalog _catalog;
    private readonly RunDiscovery _discovery;
    private readonly DataSourceDoctorOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a doctor over <paramref name="source"/>.</summary>
    /// <param name="source">The time-series source to check.</param>
    /// <param name="catalog">The catalog whose metrics are looked for.</param>
    /// <param name="discovery">Run discovery, configured as <see cref="DataSourceDoctorOptions.Discovery"/>.</param>
    /// <param name="options">The configuration to check against (defaults: <see cref="DataSourceDoctorOptions"/>).</param>
    /// <param name="time">The clock ("now" ends the search range); the system clock by default.</param>
    /// <exception cref="ArgumentException">Non-positive scrape interval, windows or concurrency.</exception>
    public DataSourceDoctor(ITimeSeriesSource source, MetricCatalog catalog, RunDiscovery discovery, DataSourceDoctorOptions? options = null, TimeProvider? time = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _discovery = discovery ?? throw new ArgumentNullException(nameof(discovery));
        _options = options ?? new DataSourceDoctorOptions();
        _time = time ?? TimeProvider.System;
        if (_options.ScrapeInterval <= TimeSpan.Zero || _options.RecentWindow <= TimeSpan.Zero || _options.RunLookback <= TimeSpan.Zero
            || _options.ScrapeSampleWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException("The doctor's scrape interval and windows must be positive.", nameof(options));
        }

        if (_options.MaxConcurrency < 1)
        {
            throw new ArgumentException($"The doctor's concurrency must be at least 1 (got {_options.MaxConcurrency}).", nameof(options));
        }
    }

    /// <summary>The options the doctor checks against.</summary>
    public DataSourceDoctorOptions Options => _options;

    /// <summary>
    /// Runs every check. Never throws for data-source failures: an unreachable server gives a report with
    /// <see cref="ServerCheck.Reachable"/> false and no other checks; a failed query gives an <see cref="CheckStatus.Error"/>
    /// check and one line in <see cref="DoctorReport.Errors"/>.
    /// </summary>
    /// <param name="runId">The application id whose run window the checks use; null: the most recent run of the last 24 h.</param>
    /// <param name="cancellationToken">Cancels every query.</param>
    /// <exception cref="OperationCanceledException">Cancelled by the caller.</exception>
    public async Task<DoctorReport> CheckAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        using var session = new Session(this, cancellationToken);
        return await session.RunAsync(string.IsNullOrWhiteSpace(runId) ? null : runId.Trim()).ConfigureAwait(false);
    }

    /// <summary>Findings of one severity, the broadest causes first: no run, copies, label clashes, whole exporters, single lines.</summary>
    private static readonly HintKind[] ImpactOrder =
    [
        HintKind.NoRun, HintKind.Duplicates, HintKind.HonorLabels, HintKind.KubeStateMetricsAllowlist, HintKind.KubeStateMetricsMissing,
        HintKind.ServletNamespaceDefault, HintKind.ServletNamespaceOther, HintKind.ServletSink, HintKind.SparkUiPrometheus, HintKind.Spark30Names,
        HintKind.CadvisorMissing, HintKind.JmxExporterMissing, HintKind.ScrapeInterval, HintKind.NoSeriesForRun, HintKind.ServletLineAbsent,
        HintKind.EndpointLineAbsent, HintKind.Fallback, HintKind.NoSeries,
    ];

    [GeneratedRegex(@"^metrics_(?<key>.+)_driver_")]
    private static partial Regex ServletKey();

    /// <summary>One metric × scope of one profile, with the names its template reads.</summary>
    /// <remarks><c>Names</c>: the names the comparison reads first (the first raw selector's, else the chart query's);
    /// <c>AllNames</c>: every name of the template, chart query and all raw selectors (fallbacks included).</remarks>
    private sealed record Item(
        ExporterProfile Profile, MetricDefinition Metric, MetricScope Scope, QueryTemplate Template, MetricResolution Resolution,
        bool Enabled, bool UsedForRows, IReadOnlyList<NamePattern> Names, IReadOnlyList<NamePattern> AllNames)
    {
        public string Where => $"{Profile.Name}: {Metric.DisplayName} ({Scope.ToString().ToLowerInvariant()})";

        /// <summary>The template selects the run's pods found in kube_pod_labels (<c>{pods}</c>), or joins kube_pod_labels itself.</summary>
        public bool ReadsPodLabels => MetricCatalog.NeedsPods(Resolution) || AllNames.Any(n => !n.IsRegex && n.Text == KubePodLabels);
    }

    /// <summary>What kube-state-metrics' <c>kube_pod_labels</c> looks like in the window.</summary>
    private sealed record KsmFacts(int Total, int Spark, int SparkOfRun, int Exported, int ExportedSpark);

    /// <summary>The state of one check run: its errors, its concurrency gate, its inventory.</summary>
    private sealed class Session(DataSourceDoctor doctor, CancellationToken cancellationToken) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(doctor._options.MaxConcurrency);
        private readonly List<string> _errors = [];
        private readonly DataSourceDoctorOptions _o = doctor._options;
        private HashSet<string> _names = new(StringComparer.Ordinal);
        private SparkRun? _run;
        private KsmFacts? _ksm;
        private DateTimeOffset _from;
        private DateTimeOffset _to;

        public void Dispose() => _gate.Dispose();

        public async Task<DoctorReport> RunAsync(string? runId)
        {
            var now = doctor._time.GetUtcNow();
            var server = await CheckServerAsync().ConfigureAwait(false);
            if (!server.Reachable)
            {
                return new DoctorReport(now, server, null, [], [], null, [], []);
            }

            var (run, searchFrom, searchTo) = await FindRunAsync(runId, now).ConfigureAwait(false);
            _run = run;
            (_from, _to) = run is null ? (searchFrom, searchTo) : (run.Start, run.End);
            var items = Items();
            _names = await InventoryAsync(items).ConfigureAwait(false);
            _ksm = _names.Contains(KubePodLabels) ? await KsmFactsAsync().ConfigureAwait(false) : null;

            var checksTask = Task.WhenAll(items.Select(CheckAsync));
            var duplicatesTask = run is null ? Task.FromResult<IReadOnlyList<DuplicateFinding>>([]) : DuplicatesAsync(run);
            var scrapeTask = ScrapeIntervalAsync(run);
            var checks = await checksTask.ConfigureAwait(false);
            var duplicates = await duplicatesTask.ConfigureAwait(false);
            var scrape = await scrapeTask.ConfigureAwait(false);

            var runCheck = new RunCheck(runId, run, _o.Discovery.Metric, searchFrom, searchTo, RunMessage(runId, run, searchFrom, searchTo));
            var profiles = doctor._catalog.Profiles.Select(p => new ProfileCheck(
                p.Name,
                Enabled(p.Name),
                p.Description,
                items.Select((item, i) => (item, check: checks[i])).Where(x => x.item.Profile.Name == p.Name).Select(x => x.check).ToList())).ToList();
            var findings = Findings(items, checks, duplicates, scrape, runCheck);
            List<string> errors;
            lock (_errors)
            {
                errors = _errors.Distinct(StringComparer.Ordinal).ToList();
            }

            return new DoctorReport(now, server, runCheck, profiles, duplicates, scrape, findings, errors);
        }

        // ---- server and run ----------------------------------------------------------------------------------------

        private async Task<ServerCheck> CheckServerAsync()
        {
            try
            {
                var version = await doctor._source.VersionAsync(cancellationToken).ConfigureAwait(false);
                return new ServerCheck(doctor._source.Describe, true, string.IsNullOrWhiteSpace(version) ? null : version.Trim(), null);
            }
            catch (DataSourceException e)
            {
                return new ServerCheck(doctor._source.Describe, false, null, e.Message);
            }
        }

        private async Task<(SparkRun? Run, DateTimeOffset From, DateTimeOffset To)> FindRunAsync(string? runId, DateTimeOffset now)
        {
            if (runId is not null)
            {
                var from = now - _o.RunLookback;
                var found = await GuardAsync($"finding run {runId}", () => doctor._discovery.FindAsync(runId, from, now, cancellationToken)).ConfigureAwait(false);
                return (found.Value, from, now);
            }

            var recentFrom = now - _o.RecentWindow;
            var runs = await GuardAsync("finding the runs of the last 24 h", () => doctor._discovery.DiscoverAsync(recentFrom, now, cancellationToken)).ConfigureAwait(false);
            var latest = runs.Value?.OrderBy(r => r.End).ThenBy(r => r.Start).LastOrDefault();
            return (latest, recentFrom, now);
        }

        private string RunMessage(string? runId, SparkRun? run, DateTimeOffset from, DateTimeOffset to)
        {
            var metric = _o.Discovery.Metric;
            if (run is not null)
            {
                var which = runId is null ? "the most recent run of the last " + Hours(_o.RecentWindow) : "the run asked for";
                return FormattableString.Invariant(
                    $"Checked {which}: {run.Name} ({run.Id}), {run.Start:yyyy-MM-dd HH:mm:ss} to {run.End:HH:mm:ss} UTC, {run.Executors} executors (found by {metric}).");
            }

            var range = FormattableString.Invariant($"{from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} UTC");
            var head = runId is null
                ? $"No run found in the last {Hours(_o.RecentWindow)} ({range}): run discovery looks for {metric} with the label {_o.Discovery.AppIdLabel}."
                : $"Run {runId} not found from {range}: run discovery looks for {metric}{{{_o.Discovery.AppIdLabel}=\"{runId}\"}}.";
            if (!_names.Contains(metric))
            {
                var alt = DoctorHints.Spark30Regex(metric) is { } r ? Matching(r) : [];
                if (alt.Count > 0)
                {
                    return head + $" No {metric} series exist; Spark 3.0's names exist instead ({DoctorHints.Join(alt)}): this is Spark 3.0's executor endpoint.";
                }

                if (metric == KubePodLabels)
                {
                    return head + " " + (_ksm is null ? DoctorHints.KubeStateMetricsMissing() : DoctorHints.KubeStateMetricsAllowlist()).Message;
                }

                return head + $" No {metric} series exist in that range.";
            }

            if (metric == KubePodLabels && _ksm is { Spark: 0 })
            {
                return head + " " + DoctorHints.KubeStateMetricsAllowlist().Message;
            }

            return head + " Pass a run id that exists in that range (sparktuner runs lists them).";
        }

        private static string Hours(TimeSpan t) => t.TotalHours == Math.Floor(t.TotalHours)
            ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0} h")
            : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0} min");

        // ---- what to check ------------------------------------------------------------------------------------------

        private bool Enabled(string profile) => _o.EnabledProfiles.Contains(profile, StringComparer.Ordinal);

        private List<Item> Items()
        {
            var catalog = doctor._catalog;
            var known = _o.EnabledProfiles.Where(p => catalog.Profiles.Any(x => x.Name == p)).ToList();
            var items = new List<Item>();
            foreach (var profile in catalog.Profiles)
            {
                foreach (var metric in catalog.Metrics)
                {
                    if (!profile.Metrics.TryGetValue(metric.Id, out var templates))
                    {
                        continue;
                    }

                    foreach (var scope in metric.Scopes)
                    {
                        if (templates.For(scope) is not { } template)
                        {
                            continue;
                        }

                        var enabled = Enabled(profile.Name);
                        var used = enabled && catalog.Resolve(metric.Id, scope, known).Profile?.Name == profile.Name;
                        var primary = template.Raw is { Count: > 0 } raw ? raw[0].Selector : template.Query;
                        var all = (template.Raw ?? []).Select(r => r.Selector).Prepend(template.Query).SelectMany(TemplateNames.Extract).Distinct().ToList();
                        items.Add(new Item(profile, metric, scope, template, catalog.Resolve(metric.Id, scope, [profile.Name]), enabled, used,
                            TemplateNames.Extract(primary), all));
                    }
                }
            }

            return items;
        }

        // ---- the name inventory -------------------------------------------------------------------------------------

        /// <summary>One label-values call: which of the names the templates read (and their known variants) exist in the window.</summary>
        private async Task<HashSet<string>> InventoryAsync(IReadOnlyList<Item> items)
        {
            var matchers = new List<string>();
            void Exact(string name) => matchers.Add(new Selector().Eq("__name__", name).ToString());
            void Rx(string regex) => matchers.Add(new Selector().Regex("__name__", regex).ToString());

            foreach (var n in items.SelectMany(i => i.AllNames).Distinct())
            {
                if (n.IsRegex)
                {
                    Rx(n.Text);
                    continue;
                }

                if (ServletRest(n) is { } rest)
                {
                    Rx("metrics_.+_driver_" + PromQl.RegexEscapeLiteral(rest));
                }
                else if (n.HasPlaceholder)
                {
                    Rx(n.AnyRegex());
                }
                else
                {
                    Exact(n.Text);
                    if (DoctorHints.Spark30Regex(n.Text) is { } alt)
                    {
                        Rx(alt);
                    }
                }
            }

            foreach (var metric in _o.Discovery.MetricAliases.Prepend(_o.Discovery.Metric))
            {
                Exact(metric);
                if (DoctorHints.Spark30Regex(metric) is { } discoveryAlt)
                {
                    Rx(discoveryAlt);
                }
            }

            Rx(DoctorHints.ExecutorEndpointPrefix + ".+");
            if (items.Any(i => i.ReadsPodLabels))
            {
                // Templates with {pods} find the run's pods in kube_pod_labels without naming it.
                Exact(KubePodLabels);
            }

            if (_run is not null)
            {
                Rx(PromQl.RegexEscapeLiteral(ServletPrefixOf(_run.Name)) + ".+");
                Rx(PromQl.RegexEscapeLiteral(ServletPrefixOf(_run.Id)) + ".+");
            }

            var distinct = matchers.Distinct(StringComparer.Ordinal).ToList();
            var result = await GuardAsync("listing metric names", () => doctor._source.LabelValuesAsync("__name__", distinct, _from, _to, cancellationToken)).ConfigureAwait(false);
            return new HashSet<string>(result.Value?.Data ?? [], StringComparer.Ordinal);
        }

        /// <summary><c>metrics_&lt;key&gt;_driver_</c>: the servlet's prefix for a namespace (the app name, or the app id by default).</summary>
        private static string ServletPrefixOf(string ns) => $"metrics_{PromQlTemplate.SparkNamespaceKey(ns)}_driver_";

        private static string? ServletRest(NamePattern n) =>
            !n.IsRegex && n.Text.StartsWith(ServletPrefix, StringComparison.Ordinal) ? n.Text[ServletPrefix.Length..] : null;

        private List<string> Matching(string regex)
        {
            var rx = new Regex("^(?:" + regex + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return _names.Where(n => rx.IsMatch(n)).Order(StringComparer.Ordinal).ToList();
        }

        /// <summary>The servlet names with <paramref name="rest"/> found, with their namespace keys.</summary>
        private List<(string Name, string Key)> ServletNames(string rest) =>
            _names.Where(n => n.EndsWith("_driver_" + rest, StringComparison.Ordinal) && ServletKey().Match(n) is { Success: true })
                .Select(n => (n, ServletKey().Match(n).Groups["key"].Value))
                .Where(x => x.n == $"metrics_{x.Item2}_driver_{rest}")
                .OrderBy(x => x.n, StringComparer.Ordinal)
                .ToList();

        /// <summary>Whether the name exists in the window: for the run's application, or (no run) for any application.</summary>
        private bool Exists(NamePattern n)
        {
            if (n.IsRegex)
            {
                return Matching(n.Text).Count > 0;
            }

            if (ServletRest(n) is { } rest)
            {
                return _run is not null
                    ? _names.Contains(n.ForApp(_run.Name, _run.Id))
                    : ServletNames(rest).Any(x => !DoctorHints.LooksLikeAppIdKey(x.Key));
            }

            var name = _run is not null ? n.ForApp(_run.Name, _run.Id) : n.Text;
            return TemplateNames.PlaceholderRegex().IsMatch(name) ? Matching(new NamePattern(name, false).AnyRegex()).Count > 0 : _names.Contains(name);
        }

        private string Shown(NamePattern n) =>
            n.IsRegex ? $"__name__=~\"{n.Text}\""
            : _run is not null ? n.ForApp(_run.Name, _run.Id)
            : n.Text.Replace("{ns}", "<app name>", StringComparison.Ordinal).Replace("{app_id_key}", "<app id>", StringComparison.Ordinal);

        // ---- kube-state-metrics -------------------------------------------------------------------------------------

        private async Task<KsmFacts?> KsmFactsAsync()
        {
            var window = Window();
            var at = _to;
            string Over(Selector s) => $"last_over_time({s.WithRange(window)})";
            Selector Pods() => new(KubePodLabels);
            var appLabel = "label_spark_app_selector";

            async Task<int> CountAsync(string what, string expr)
            {
                var r = await GuardAsync(what, () => doctor._source.QueryInstantAsync($"count({expr})", at, cancellationToken)).ConfigureAwait(false);
                return r.Value is { } v && v.Data.Count > 0 && double.IsFinite(v.Data[0].Value) ? (int)v.Data[0].Value : 0;
            }

            string Exported(Func<Selector> pods) =>
                $"{Over(pods().NotEq("exported_pod", ""))} or {Over(pods().NotEq("exported_namespace", ""))}";

            var total = CountAsync("counting kube_pod_labels", Over(Pods()));
            var spark = CountAsync("counting kube_pod_labels of Spark pods", Over(Pods().NotEq(appLabel, "")));
            var ofRun = _run is null ? spark : CountAsync("counting kube_pod_labels of the run", Over(Pods().Eq(appLabel, _run.Id)));
            var exported = CountAsync("counting kube_pod_labels with exported labels", Exported(Pods));
            var exportedSpark = CountAsync("counting kube_pod_labels of Spark pods with exported labels",
                Exported(() => _run is null ? Pods().NotEq(appLabel, "") : Pods().Eq(appLabel, _run.Id)));
            return new KsmFacts(await total.ConfigureAwait(false), await spark.ConfigureAwait(false), await ofRun.ConfigureAwait(false),
                await exported.ConfigureAwait(false), await exportedSpark.ConfigureAwait(false));
        }

        /// <summary>The window as a range selector length: its duration plus one second (ranges are left-open).</summary>
        private TimeSpan Window() => _to - _from + TimeSpan.FromSeconds(1);

        /// <summary>Why a template reading kube_pod_labels finds nothing although the names exist, or null.</summary>
        private DoctorHint? KsmBlocker()
        {
            if (_ksm is not { } k)
            {
                return null;
            }

            if (k.Spark == 0)
            {
                return DoctorHints.KubeStateMetricsAllowlist();
            }

            return _run is not null && k.SparkOfRun == 0 ? DoctorHints.NoPodLabelsForRun(_run.Id) : null;
        }

        // ---- metric checks ------------------------------------------------------------------------------------------

        private async Task<MetricCheck> CheckAsync(Item item)
        {
            if (_run is null)
            {
                return CheckByNames(item);
            }

            // As the comparison reads the row: the run's pods (Kubernetes), then the raw selectors in order, the first
            // with series wins; templates without raw selectors are read through their chart query.
            string? pods = null;
            if (MetricCatalog.NeedsPods(item.Resolution))
            {
                var all = await PodsAsync().ConfigureAwait(false);
                if (all.Error is { } podError)
                {
                    return Check(item, CheckStatus.Error, 0, "run", PodDirectory.Metric, null, podError);
                }

                pods = PodDirectory.Matchers(PodDirectory.InScope(all.Pods, item.Scope));
                if (pods is null)
                {
                    return Check(item, CheckStatus.Missing, 0, "run", $"{PodDirectory.Metric}{{{PodDirectory.AppLabel}=\"{_run.Id}\"}}",
                        KsmBlocker() ?? (_ksm is null ? DoctorHints.KubeStateMetricsMissing() : DoctorHints.NoPodLabelsForRun(_run.Id)), null);
                }
            }

            var selectors = MetricCatalog.BuildRawSelectors(item.Resolution, _run, pods)
                .Select(x => (Raw: (RawSelector?)x.Source, Query: x.Selector)).ToList();
            if (selectors.Count == 0)
            {
                var plan = StepPlanner.Plan(_run.Start, _run.End, CheckPoints, _o.ScrapeInterval);
                selectors.Add((null, doctor._catalog.BuildQuery(item.Metric.Id, item.Scope, _run, plan, [item.Profile.Name], pods).PromQl!));
            }

            for (var k = 0; k < selectors.Count; k++)
            {
                var query = selectors[k].Query;
                var result = await CountOverRunAsync(item, query).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    // A query that the data's labels break is a missing metric with a known cause, not a failed check;
                    // the raw error stays for the expert.
                    return result.Explained && KsmBlocker() is { } blocker
                        ? Check(item, CheckStatus.Missing, 0, "run", query, blocker, error)
                        : Check(item, CheckStatus.Error, 0, "run", query, null, error);
                }

                if (result.Series > 0)
                {
                    return Check(item, CheckStatus.Found, result.Series, "run", query, k == 0 ? null : FallbackHint(item, selectors[0].Query, query, selectors[k].Raw), null);
                }
            }

            return Check(item, CheckStatus.Missing, 0, "run", string.Join(" or ", selectors.Select(x => x.Query)), Diagnose(item), null);
        }

        /// <summary>The most series <c>count(query)</c> finds at one instant of the run's window widened by a scrape interval (as the comparison reads it).</summary>
        private async Task<(int Series, string? Error, bool Explained)> CountOverRunAsync(Item item, string query)
        {
            var pad = _o.ScrapeInterval;
            var plan = StepPlanner.Plan(_run!.Start - pad, _run.End + pad, CheckPoints, _o.ScrapeInterval);
            var result = await GuardAsync(item.Where, () => doctor._source.QueryRangeAsync($"count({query})", plan.Start, plan.End, plan.Step, cancellationToken),
                explained: e => IsDataShapeError(e) && item.ReadsPodLabels && KsmBlocker() is not null).ConfigureAwait(false);
            if (result.Error is { } error)
            {
                return (0, error, result.Explained);
            }

            return ((int)result.Value!.Data.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max(), null, false);
        }

        private DoctorHint FallbackHint(Item item, string primary, string used, RawSelector? raw)
        {
            var usedName = TemplateNames.Extract(used).FirstOrDefault()?.Text ?? used;
            var primaryName = TemplateNames.Extract(primary).FirstOrDefault()?.Text ?? primary;
            if (usedName.StartsWith(DoctorHints.ExecutorEndpointPrefix, StringComparison.Ordinal)
                && (usedName.EndsWith("_Count", StringComparison.Ordinal) || usedName.EndsWith("_Value", StringComparison.Ordinal)))
            {
                return DoctorHints.Spark30Fallback(primaryName, usedName);
            }

            var byId = ServletPrefixOf(_run!.Id);
            if (usedName.StartsWith(byId, StringComparison.Ordinal))
            {
                return DoctorHints.ServletNamespaceDefault(ServletPrefixOf(_run.Name), byId);
            }

            return DoctorHints.Fallback(primaryName, usedName, raw?.Note);
        }

        private Task<(IReadOnlyList<SparkPod> Pods, string? Error)>? _pods;

        /// <summary>The run's pods from kube_pod_labels (exported_* read), once per check, as the comparison finds them.</summary>
        private Task<(IReadOnlyList<SparkPod> Pods, string? Error)> PodsAsync()
        {
            lock (_errors)
            {
                return _pods ??= LoadPodsAsync();
            }

            async Task<(IReadOnlyList<SparkPod>, string?)> LoadPodsAsync()
            {
                var r = await GuardAsync("listing the run's pods", () => PodDirectory.ListAsync(doctor._source, _run!, _o.ScrapeInterval, cancellationToken)).ConfigureAwait(false);
                return (r.Value ?? [], r.Error);
            }
        }

        private MetricCheck CheckByNames(Item item)
        {
            var names = string.Join(", ", item.Names.Select(Shown));
            var missing = item.Names.FirstOrDefault(n => !Exists(n));
            if (missing is not null)
            {
                return Check(item, CheckStatus.Missing, 0, "names", names, HintForMissingName(missing), null);
            }

            if (item.ReadsPodLabels && KsmBlocker() is { } blocker)
            {
                return Check(item, CheckStatus.Missing, 0, "names", names, blocker, null);
            }

            return Check(item, CheckStatus.Found, item.Names.Count, "names", names, null, null);
        }

        private static MetricCheck Check(Item item, CheckStatus status, int series, string basis, string query, DoctorHint? hint, string? error) =>
            new(item.Metric.Id, item.Metric.DisplayName, item.Scope, status, item.UsedForRows, series, basis, query, hint, error);

        /// <summary>Why the run's query found nothing: the first missing name, else a label problem, else "not for this run".</summary>
        private DoctorHint Diagnose(Item item)
        {
            if (item.Names.FirstOrDefault(n => !Exists(n)) is { } missing)
            {
                return HintForMissingName(missing);
            }

            if (item.ReadsPodLabels && KsmBlocker() is { } blocker)
            {
                return blocker;
            }

            return DoctorHints.NoSeriesForRun(string.Join(", ", item.Names.Select(Shown)), _run!.Id);
        }

        private DoctorHint HintForMissingName(NamePattern n)
        {
            var shown = Shown(n);
            if (!n.IsRegex && n.Text.StartsWith(DoctorHints.ExecutorEndpointPrefix, StringComparison.Ordinal))
            {
                if (DoctorHints.Spark30Regex(n.Text) is { } alt && Matching(alt) is { Count: > 0 } spark30)
                {
                    return DoctorHints.Spark30Names(shown, spark30);
                }

                var endpoint = _names.Where(x => x.StartsWith(DoctorHints.ExecutorEndpointPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                var spark30Only = endpoint.Count > 0 && endpoint.All(x => x.EndsWith("_Count", StringComparison.Ordinal) || x.EndsWith("_Value", StringComparison.Ordinal));
                return spark30Only ? DoctorHints.Spark30Endpoint(shown, endpoint[0])
                    : endpoint.Count > 0 ? DoctorHints.EndpointLineAbsent(shown)
                    : DoctorHints.SparkUiPrometheus();
            }

            if (ServletRest(n) is { } rest)
            {
                var expected = _run is not null ? ServletPrefixOf(_run.Name) : "metrics_<app name>_driver_";
                if (_run is not null)
                {
                    var byId = ServletPrefixOf(_run.Id);
                    if (_names.Any(x => x.StartsWith(byId, StringComparison.Ordinal)))
                    {
                        return DoctorHints.ServletNamespaceDefault(expected, byId);
                    }

                    if (_names.Any(x => x.StartsWith(expected, StringComparison.Ordinal)))
                    {
                        return DoctorHints.ServletLineAbsent(shown, expected);
                    }
                }

                var others = ServletNames(rest);
                if (others.Count > 0 && others.All(x => DoctorHints.LooksLikeAppIdKey(x.Key)))
                {
                    return DoctorHints.ServletNamespaceDefault(expected, $"metrics_{others[0].Key}_driver_");
                }

                return others.Count > 0
                    ? DoctorHints.ServletNamespaceOther(shown, others.Select(x => x.Name).ToList())
                    : DoctorHints.ServletSink(expected);
            }

            var text = n.Text;
            if (!n.IsRegex && text == KubePodLabels)
            {
                return DoctorHints.KubeStateMetricsMissing();
            }

            if (text.StartsWith("container_", StringComparison.Ordinal))
            {
                return DoctorHints.CadvisorMissing(shown);
            }

            if (text.StartsWith("spark_executor_", StringComparison.Ordinal) || text.StartsWith("spark_driver_", StringComparison.Ordinal))
            {
                return DoctorHints.JmxExporterMissing(shown);
            }

            return DoctorHints.NoSeries(shown);
        }

        // ---- duplicates ---------------------------------------------------------------------------------------------

        private async Task<IReadOnlyList<DuplicateFinding>> DuplicatesAsync(SparkRun run)
        {
            var checks = new List<Task<DuplicateFinding?>>();
            var nativeProfile = doctor._catalog.Profiles.FirstOrDefault(p => p.Name == "spark-native");
            var executorLabel = nativeProfile?.ExecutorLabel ?? "executor_id";
            if (_names.Any(n => n.StartsWith(DoctorHints.ExecutorEndpointPrefix, StringComparison.Ordinal)))
            {
                var sel = new Selector().Regex("__name__", DoctorHints.ExecutorEndpointPrefix + ".+").Eq("application_id", run.Id);
                checks.Add(DuplicateAsync("spark-native", "executor-endpoint", ["application_id", executorLabel, "__name__"], sel.ToString()));
            }

            var key = PromQlTemplate.SparkNamespaceKey(run.Name);
            if (_names.Any(n => n.StartsWith($"metrics_{key}_driver_", StringComparison.Ordinal)))
            {
                var sel = new Selector().Regex("__name__", PromQl.RegexEscapeLiteral($"metrics_{key}_driver_") + ".+");
                checks.Add(DuplicateAsync("spark-native", "driver-servlet", ["__name__", "type"], sel.ToString()));
            }

            if (_ksm is { SparkOfRun: > 0 })
            {
                var pods = new Selector(KubePodLabels).Eq("label_spark_app_selector", run.Id).ToString();
                checks.Add(DuplicateAsync("kubernetes", "kube_pod_labels", ["namespace", "pod", "exported_namespace", "exported_pod"], pods));
                var runPods = await PodsAsync().ConfigureAwait(false);
                if (PodDirectory.Matchers(runPods.Pods) is { } podMatchers
                    && (_names.Contains("container_memory_working_set_bytes") || _names.Contains("container_cpu_usage_seconds_total")))
                {
                    var containers = new Selector().Regex("__name__", "container_memory_working_set_bytes|container_cpu_usage_seconds_total")
                        .NotEq("container", "").NotEq("container", "POD").ToString();
                    checks.Add(DuplicateAsync("kubernetes", "cAdvisor container", ["namespace", "pod", "container", "__name__"],
                        containers[..^1] + ", " + podMatchers + "}"));
                }
            }

            var found = await Task.WhenAll(checks).ConfigureAwait(false);
            return found.OfType<DuplicateFinding>().ToList();
        }

        private async Task<DuplicateFinding?> DuplicateAsync(string profile, string what, string[] identity, string expr)
        {
            var run = _run!;
            var plan = StepPlanner.Plan(run.Start, run.End, CheckPoints, _o.ScrapeInterval);
            var query = $"count by ({string.Join(", ", identity)}) ({expr}) > 1";
            var result = await GuardAsync($"duplicates of the {what} series", () => doctor._source.QueryRangeAsync(query, plan.Start, plan.End, plan.Step, cancellationToken)).ConfigureAwait(false);
            if (result.Value is not { Data.Count: > 0 } r)
            {
                return null;
            }

            var copies = (int)r.Data.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
            var example = r.Data.OrderBy(s => string.Join(",", s.Labels.OrderBy(l => l.Key).Select(l => l.Value)), StringComparer.Ordinal).First().Labels;
            var sel = new Selector();
            foreach (var label in identity)
            {
                sel.Eq(label, example.TryGetValue(label, out var v) ? v : "");
            }

            var differing = new List<string>();
            var series = await GuardAsync($"the copies of one {what} series", () => doctor._source.SeriesAsync([sel.ToString()], run.Start, run.End, cancellationToken)).ConfigureAwait(false);
            if (series.Value is { } s)
            {
                var sets = s.Data;
                differing = sets.SelectMany(l => l.Keys).Distinct()
                    .Where(k => sets.Select(l => l.TryGetValue(k, out var x) ? x : "").Distinct().Count() > 1)
                    .Order(StringComparer.Ordinal).ToList();
            }

            var whatShown = what switch
            {
                "executor-endpoint" => "executor-endpoint (metrics_executor_*)",
                "driver-servlet" => "driver-servlet (metrics_<app>_driver_*)",
                _ => what,
            };
            var hint = DoctorHints.Duplicates(whatShown, r.Data.Count, copies, differing, _o.ReplicaLabels);
            var exampleShown = identity.Where(example.ContainsKey).ToDictionary(l => l, l => example[l], StringComparer.Ordinal);
            return new DuplicateFinding(profile, whatShown, identity, r.Data.Count, copies, exampleShown, differing, hint);
        }

        // ---- scrape interval ----------------------------------------------------------------------------------------

        private async Task<ScrapeIntervalCheck> ScrapeIntervalAsync(SparkRun? run)
        {
            var configured = _o.ScrapeInterval.TotalSeconds;
            if (run is null)
            {
                return new ScrapeIntervalCheck(configured, null, 0, null,
                    $"Not detected: no run was found to read raw samples of {_o.Discovery.Metric} from. Configured: {Seconds(configured)}.", false, null);
            }

            var d = _o.Discovery;
            var span = run.End - run.Start + TimeSpan.FromSeconds(1);
            var range = span < _o.ScrapeSampleWindow ? span : _o.ScrapeSampleWindow;
            string? lastSelector = null;
            foreach (var sel in d.MetricAliases.Prepend(d.Metric).SelectMany(m => new[]
                     {
                         new Selector(m).Eq(d.AppIdLabel, run.Id).Eq(d.DriverLabel, d.DriverValue),
                         new Selector(m).Eq(d.AppIdLabel, run.Id),
                     }))
            {
                lastSelector = sel.WithRange(range);
                var selector = lastSelector;
                var result = await GuardAsync("reading raw samples for the scrape interval", () => doctor._source.QueryRawAsync(selector, run.End, cancellationToken)).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    return new ScrapeIntervalCheck(configured, null, 0, selector, $"Not detected: {error}", false, error);
                }

                var gaps = result.Value!.Data
                    .SelectMany(s => s.Timestamps.Zip(s.Timestamps.Skip(1), (a, b) => b - a))
                    .Where(g => g > 0)
                    .Order()
                    .ToList();
                if (gaps.Count == 0)
                {
                    continue;
                }

                var median = gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[gaps.Count / 2 - 1] + gaps[gaps.Count / 2]) / 2;
                median = Math.Round(median, 3);
                var mismatch = Math.Abs(median - configured) > _o.ScrapeIntervalTolerance * configured;
                var message = mismatch
                    ? $"The data is scraped every {Seconds(median)} (median of {gaps.Count} gaps), but {Seconds(configured)} is configured: " +
                      $"set Prometheus:ScrapeIntervalSeconds={Math.Max(1, Math.Round(median)).ToString(CultureInfo.InvariantCulture)} so steps and rate windows fit the data."
                    : $"Scraped every {Seconds(median)} (median of {gaps.Count} gaps), as configured ({Seconds(configured)}).";
                return new ScrapeIntervalCheck(configured, median, gaps.Count, selector, message, mismatch, null);
            }

            return new ScrapeIntervalCheck(configured, null, 0, lastSelector,
                $"Not detected: fewer than two raw samples of {d.Metric} for {run.Id}. Configured: {Seconds(configured)}.", false, null);
        }

        private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        // ---- findings -----------------------------------------------------------------------------------------------

        private IReadOnlyList<DoctorFinding> Findings(IReadOnlyList<Item> items, IReadOnlyList<MetricCheck> checks, IReadOnlyList<DuplicateFinding> duplicates, ScrapeIntervalCheck scrape, RunCheck run)
        {
            var raw = new List<(FindingSeverity Severity, DoctorHint Hint, string Where)>();
            if (run.Run is null)
            {
                raw.Add((FindingSeverity.Problem, new DoctorHint(HintKind.NoRun, run.Message, null), "run"));
            }

            for (var i = 0; i < checks.Count; i++)
            {
                if (checks[i] is { Status: CheckStatus.Missing, Hint: { } hint })
                {
                    raw.Add((items[i].UsedForRows ? FindingSeverity.Problem : FindingSeverity.Info, hint, items[i].Where));
                }
                else if (checks[i] is { Status: CheckStatus.Found, Hint: { } fallback })
                {
                    // Read through a fallback: the row has data, the setting still deserves fixing.
                    raw.Add((items[i].UsedForRows ? FindingSeverity.Warning : FindingSeverity.Info, fallback, items[i].Where));
                }
            }

            // SparkTuner reads the pods through exported_namespace/exported_pod, but every join on (namespace, pod)
            // elsewhere (dashboards, recording rules) finds nothing until kube-state-metrics keeps its labels.
            if (_ksm is { Exported: > 0 } k && raw.All(r => r.Hint.Kind != HintKind.HonorLabels))
            {
                raw.Add((Enabled("kubernetes") || _o.Discovery.Metric == KubePodLabels ? FindingSeverity.Warning : FindingSeverity.Info,
                    DoctorHints.HonorLabels(k.Exported), "kube_pod_labels"));
            }

            foreach (var d in duplicates)
            {
                raw.Add((Enabled(d.Profile) ? FindingSeverity.Problem : FindingSeverity.Info, d.Hint, $"duplicates: {d.What}"));
            }

            if (scrape.Mismatch)
            {
                raw.Add((FindingSeverity.Warning, new DoctorHint(HintKind.ScrapeInterval, scrape.Message,
                    $"Prometheus:ScrapeIntervalSeconds={Math.Max(1, Math.Round(scrape.DetectedSeconds ?? 0)).ToString(CultureInfo.InvariantCulture)}"), "scrape interval"));
            }

            return raw
                .GroupBy(r => (r.Hint.Kind, r.Hint.Setting))
                .Select(g =>
                {
                    var hints = g.Select(x => x.Hint).DistinctBy(h => h.Message).ToList();
                    var message = hints.Count == 1 ? hints[0].Message : $"{hints[0].Message} (and {hints.Count - 1} more like it)";
                    return new DoctorFinding(g.Max(x => x.Severity), hints[0] with { Message = message }, g.Select(x => x.Where).Distinct().ToList());
                })
                .OrderByDescending(f => f.Severity)
                .ThenBy(f => Array.IndexOf(ImpactOrder, f.Hint.Kind))
                .ToList();
        }

        /// <summary>The server evaluated the query and rejected it because of the data's shape (not a transport failure).</summary>
        private static bool IsDataShapeError(DataSourceException e) => e.ErrorType is "execution" or "bad_data" or "unprocessable_entity" || e.StatusCode == 422;

        // ---- errors and concurrency ---------------------------------------------------------------------------------

        /// <summary>
        /// Runs one call under the concurrency gate. A <see cref="DataSourceException"/> becomes (default, its message);
        /// it is recorded in the report's errors unless <paramref name="explained"/> says the caller explains it.
        /// </summary>
        private async Task<(T? Value, string? Error, bool Explained)> GuardAsync<T>(string what, Func<Task<T>> call, Func<DataSourceException, bool>? explained = null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (await call().ConfigureAwait(false), null, false);
            }
            catch (DataSourceException e)
            {
                if (explained?.Invoke(e) == true)
                {
                    return (default, e.Message, true);
                }

                var line = $"{what}: {e.Message}";
                lock (_errors)
                {
                    _errors.Add(line);
                }

                return (default, e.Message, false);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
