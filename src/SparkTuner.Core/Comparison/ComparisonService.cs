using SparkTuner.Core.Catalog;
using SparkTuner.Core.Query;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Comparison;

/// <summary>What to compare: run ids of each side, the range they are searched in, and optionally which rows.</summary>
/// <param name="Baseline">Run ids of the baseline side.</param>
/// <param name="Candidate">Run ids of the candidate side.</param>
/// <param name="From">Start of the range the runs are searched in.</param>
/// <param name="To">End of that range.</param>
/// <param name="Rows">Stable row ids (e.g. <c>duration_seconds</c>); null or empty means every row of the catalog.</param>
/// <param name="Groups">Keys of the metric groups whose panels are fetched for charts (<see cref="MetricCatalog.Groups"/>); null means all, empty means none (summary only).</param>
/// <param name="Aggregation">When set, replaces the executor aggregation of executor rows (not of counters' increases).</param>
public sealed record CompareRequest(
    IReadOnlyList<string> Baseline,
    IReadOnlyList<string> Candidate,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string>? Rows = null,
    IReadOnlyList<string>? Groups = null,
    ExecutorAggregation? Aggregation = null);

/// <summary>Settings of the data path: which exporter profiles are enabled, the scrape interval, the concurrency bound.</summary>
public sealed record ComparisonServiceOptions
{
    public IReadOnlyList<string> Profiles { get; init; } = ["spark-native", "kubernetes"];
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Queries of one comparison that run at the same time.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Points asked per run and series; statistics want full resolution, so this is the step planner's ceiling.</summary>
    public int PointsPerRun { get; init; } = StepPlanner.MaxPointsPerSeries;

    public ComparisonOptions Comparison { get; init; } = ComparisonOptions.Default;

    /// <summary>
    /// Labels that tell copies of one series apart (replica labels of an HA pair or a Thanos Querier without
    /// deduplication, the scrape target), used when a profile names no identity labels; see <see cref="SeriesIdentity"/>.
    /// </summary>
    public IReadOnlyList<string> CopyLabels { get; init; } = SeriesIdentity.DefaultCopyLabels;

    /// <summary>Longest range one raw-sample read covers (longer runs are read in chunks).</summary>
    public TimeSpan RawChunk { get; init; } = RawSampleReader.DefaultChunk;

    /// <summary>
    /// Executor-scope summary statistics whose raw read would exceed this many samples (Σ over the runs of executors ×
    /// duration ÷ scrape interval) are computed by Prometheus, one number per series, where that is exact
    /// (<see cref="ServerReduction"/>); the charts still get the samples. 0: always; <see cref="long.MaxValue"/>: never.
    /// </summary>
    public long ReduceAboveSamples { get; init; } = 100_000;

    /// <summary>
    /// Points a chart draws per series (the M4 width, <see cref="Charts.ChartPanelBuilder.DefaultPixelWidth"/>). A run
    /// with more than twice as many scrapes per series is charted from a range query at this resolution (peak-sensitive
    /// gauges through <c>max_over_time</c>) instead of its raw samples; 0 always reads raw samples.
    /// </summary>
    public int ChartPoints { get; init; } = Charts.ChartPanelBuilder.DefaultPixelWidth;
}

/// <summary>One (metric, scope) fetched for every run of both sides: data per run, or why not.</summary>
public sealed record MetricFetch(
    string MetricId,
    MetricScope Scope,
    IReadOnlyDictionary<string, RunMetricData> ByRun,
    IReadOnlyList<string> Queries,
    string? UnavailableReason,
    string? Error)
{
    public bool IsAvailable => UnavailableReason is null;
    public bool Failed => Error is not null;
}

/// <summary>
/// The comparison and the data behind it: <see cref="Fetches"/> are the raw samples of each charted (metric, scope), in
/// the plan's order — the same reads the summary rows were computed from (<see cref="ComparisonService.FetchStatisticsAsync"/>).
/// </summary>
public sealed record ComparisonReport(
    ComparisonResult Result,
    IReadOnlyList<SparkRun> BaselineRuns,
    IReadOnlyList<SparkRun> CandidateRuns,
    IReadOnlyList<MetricFetch> Fetches,
    ComparisonPlan Plan);

/// <summary>
/// Hears a comparison as it goes: the runs once they are resolved (with the plan), then each chart fetch as it
/// completes, so a page can show the sides and fill its panels before the whole report is ready.
/// </summary>
public interface IComparisonProgress
{
    /// <summary>The runs of both sides were found; <paramref name="plan"/> says which rows and panels will come.</summary>
    void RunsResolved(IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, ComparisonPlan plan);

    /// <summary>One (metric, scope) of the charts was fetched for every run.</summary>
    void Fetched(MetricFetch fetch);

    /// <summary>The summary is computed; charts may still be loading.</summary>
    void Summarized(ComparisonResult result) { }
}

/// <summary>
/// A comparison in progress as the page shows it: the runs and the plan once resolved, the chart fetches that arrived
/// so far, and <see cref="Changed"/> after each. Thread-safe (fetches complete on pool threads).
/// </summary>
public sealed class ComparisonProgress : IComparisonProgress
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, MetricScope), MetricFetch> _fetched = new();

    /// <summary>The progress of a finished comparison: its runs, plan and every chart fetch.</summary>
    public static ComparisonProgress Of(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var progress = new ComparisonProgress { Baseline = report.BaselineRuns, Candidate = report.CandidateRuns, Plan = report.Plan, Result = report.Result };
        foreach (var fetch in report.Fetches)
        {
            progress._fetched[(fetch.MetricId, fetch.Scope)] = fetch;
        }

        return progress;
    }

    /// <summary>Raised after the runs are resolved and after each fetch, on the thread that completed it.</summary>
    public event Action? Changed;

    /// <summary>Baseline runs, once resolved.</summary>
    public IReadOnlyList<SparkRun>? Baseline { get; private set; }

    /// <summary>Candidate runs, once resolved.</summary>
    public IReadOnlyList<SparkRun>? Candidate { get; private set; }

    /// <summary>What the comparison will fetch and show, once the runs are resolved.</summary>
    public ComparisonPlan? Plan { get; private set; }

    /// <summary>The summary, once computed (before the last charts arrive when Prometheus reduced its statistics).</summary>
    public ComparisonResult? Result { get; private set; }

    /// <summary>How many chart fetches arrived.</summary>
    public int FetchedCount => _fetched.Count;

    /// <summary>The chart data of (metric, scope), or null while it has not arrived.</summary>
    public MetricFetch? Fetch(string metricId, MetricScope scope) => _fetched.GetValueOrDefault((metricId, scope));

    void IComparisonProgress.RunsResolved(IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, ComparisonPlan plan)
    {
        (Baseline, Candidate, Plan) = (baseline, candidate, plan);
        Changed?.Invoke();
    }

    void IComparisonProgress.Fetched(MetricFetch fetch)
    {
        _fetched[(fetch.MetricId, fetch.Scope)] = fetch;
        Changed?.Invoke();
    }

    void IComparisonProgress.Summarized(ComparisonResult result)
    {
        Result = result;
        Changed?.Invoke();
    }
}

/// <summary>Run ids that were not found: the message names them and the range searched.</summary>
public sealed class UnknownRunsException(IReadOnlyList<string> ids, DateTimeOffset from, DateTimeOffset to)
    : Exception($"No Spark application with id {string.Join(", ", ids.Select(i => $"'{i}'"))} has metrics between {from:u} and {to:u}.")
{
    public IReadOnlyList<string> Ids { get; } = ids;
}

/// <summary>
/// The one code path from run ids to a <see cref="ComparisonResult"/>, used by the web page, the HTTP API and the CLI:
/// resolve runs, plan and send the queries (concurrently, bounded), align and compute.
/// </summary>
/// <remarks>
/// With a <see cref="RunDataCache"/>, what completed runs yield is shared by every caller: a resolved run (valid for
/// any search range that contains it) and each (metric, scope)'s data for a set of runs; identical fetches in flight
/// are made once. A run still running is never cached.
/// </remarks>
public sealed class ComparisonService(
    ITimeSeriesSource source, MetricCatalog catalog, ComparisonServiceOptions options, RunDiscovery? discovery = null, IRunTimesSource? times = null,
    RunDataCache? cache = null)
{
    private readonly RunDiscovery _discovery = discovery ?? new RunDiscovery(source);

    /// <summary>The catalog the comparisons are planned from.</summary>
    public MetricCatalog Catalog => catalog;

    /// <summary>The cache of completed runs' data, when there is one (its counters show hits and coalesced fetches).</summary>
    public RunDataCache? Cache => cache;

    /// <summary>Finds every id together (<see cref="RunDiscovery.FindManyAsync"/>). Throws <see cref="UnknownRunsException"/> naming those not found.</summary>
    private async Task<IReadOnlyList<SparkRun>> ResolveRunsAsync(IReadOnlyList<string> ids, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // All ids at once: one series lookup and one raw read per chunk for every run, not per run.
        var found = await _discovery.FindManyAsync(ids, from, to, cancellationToken);
        var missing = ids.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new UnknownRunsException(missing, from, to);
        }
        var runs = ids.Select(id => found[id]).ToList();
        return times is null ? runs : await Task.WhenAll(runs.Select(r => WithSparkTimesAsync(r, cancellationToken)));
    }

    /// <summary>
    /// When Spark's REST API knows the run, its start and end are the run's truth (the metrics only see the first and
    /// last scrape): duration and the statistics' window use them, and its completed flag decides whether the run is
    /// still running. Unknown or unreachable: the metrics' times and state stay.
    /// </summary>
    private async Task<SparkRun> WithSparkTimesAsync(SparkRun run, CancellationToken cancellationToken)
    {
        var t = await times!.TimesAsync(run.Id, cancellationToken);
        return run.WithSparkTimes(t);
    }

    /// <summary>
    /// The one path from run ids to a report: plans the rows and panels (<see cref="ComparisonPlan"/>), resolves the
    /// runs, fetches each (metric, scope) once for all runs — raw samples serving its rows and its panel, concurrently
    /// and bounded, through the cache when there is one — and computes the result. A query that fails marks its rows n/a with the error; it never fails the
    /// comparison. <paramref name="progress"/> hears the resolved runs and each chart fetch as it completes.
    /// </summary>
    /// <exception cref="ArgumentException">A side is empty, a run is on both sides, or an unknown row or group.</exception>
    /// <exception cref="UnknownRunsException">A run id has no metrics in the range.</exception>
    /// <exception cref="DataSourceException">Run discovery failed.</exception>
    public async Task<ComparisonReport> CompareAsync(CompareRequest request, IComparisonProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Baseline.Count == 0) throw new ArgumentException("the baseline side has no runs");
        if (request.Candidate.Count == 0) throw new ArgumentException("the candidate side has no runs");
        var both = request.Baseline.Intersect(request.Candidate, StringComparer.Ordinal).ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"run {string.Join(", ", both)} is on both sides; a run can only be baseline or candidate");
        }

        var plan = ComparisonPlan.For(catalog, request);
        var resolved = await ResolveCachedAsync(request.Baseline.Concat(request.Candidate).ToList(), request.From, request.To, cancellationToken);
        var baselineRuns = resolved.Take(request.Baseline.Count).ToList();
        var candidateRuns = resolved.Skip(request.Baseline.Count).ToList();
        progress?.RunsResolved(baselineRuns, candidateRuns, plan);

        // Not disposed: a fetch this comparison started may still be awaited by another caller after this one returns.
        var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        var pods = new PodCache(source, options.ScrapeInterval, resolved, cache);
        // One raw read per (metric, scope) serves its summary rows and its chart alike — except where the read is large
        // and Prometheus can compute the rows' statistics exactly (ServerReduction): then the summary is read reduced,
        // one number per series, and comes before the charts' samples.
        var reduced = plan.StatisticPairs.Where(p => Reducible(p, plan, resolved)).ToHashSet();
        // Runs with many more scrapes than a chart has pixels are charted from range queries at display resolution.
        var display = AtDisplayResolution(resolved);
        var reads = new Dictionary<(string, MetricScope), Task<MetricFetch>>();
        Task<MetricFetch> Read((string MetricId, MetricScope Scope) p) =>
            reads.TryGetValue(p, out var t) ? t : reads[p] = FetchCachedAsync(p.MetricId, p.Scope, resolved, gate, pods, cancellationToken);
        Task<MetricFetch> Chart((string MetricId, MetricScope Scope) p) =>
            display ? FetchDisplayCachedAsync(p.MetricId, p.Scope, resolved, gate, pods, cancellationToken) : Read(p);
        var statTasks = plan.StatisticPairs
            .Select(p => reduced.Contains(p) ? FetchReducedCachedAsync(p.MetricId, p.Scope, resolved, gate, pods, cancellationToken) : Read(p))
            .ToList();
        var statFetches = await Task.WhenAll(statTasks);

        // The result of completed runs is as immutable as their data (the bootstrap is seeded): computed once per
        // (rows, sides) and shared, so a warm API call costs its serialisation only.
        var resultKey = ResultKey(plan, request, baselineRuns, candidateRuns);
        var keepResult = resolved.All(r => r.State == RunState.Completed) && statFetches.All(f => !f.Failed);
        ComparisonResult Compute()
        {
            var lookup = statFetches.ToDictionary(f => (f.MetricId, f.Scope));
            // Rows carry their group's key (as links and the plan use it; the duration row's group is "run").
            var metrics = catalog.Metrics.ToDictionary(m => m.Id, m => m with { Group = catalog.GroupOf(m).Key }, StringComparer.Ordinal);
            return ComparisonEngine.Compare(
                baselineRuns,
                candidateRuns,
                plan.Rows,
                metrics,
                (run, row) => lookup.TryGetValue((row.MetricId, row.Scope), out var f) ? DataOf(f, run) : null,
                options.Comparison with
                {
                    BaselineLabel = SideLabel.For(baselineRuns, options.Comparison.BaselineLabel),
                    CandidateLabel = SideLabel.For(candidateRuns, options.Comparison.CandidateLabel),
                });
        }

        // Callers comparing the same completed runs at once (ten people opening one link) compute it once.
        var result = cache is not null && keepResult
            ? await cache.GetOrCreateAsync(resultKey, ct => Task.Run(Compute, ct), _ => true, r => 4096L * (1 + r.Rows.Count), cancellationToken)
            : Compute();

        progress?.Summarized(result);
        // Charts only now: reads that serve no summary row wait until the summary is out (a page holds its charts until
        // then anyway), so on a busy Prometheus the summary's queries go first.
        var chartTasks = plan.ChartPairs.Select(async p =>
        {
            var fetch = await Chart(p);
            progress?.Fetched(fetch);
            return fetch;
        }).ToList();
        var fetches = await Task.WhenAll(chartTasks);
        return new ComparisonReport(result, baselineRuns, candidateRuns, fetches, plan);
    }

    /// <summary>
    /// The runs of <paramref name="ids"/>: completed runs from the cache when their whole life lies in [from, to], the
    /// others resolved (and the completed ones among them cached).
    /// </summary>
    private async Task<IReadOnlyList<SparkRun>> ResolveCachedAsync(IReadOnlyList<string> ids, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (cache is null)
        {
            return await ResolveRunsAsync(ids, from, to, cancellationToken);
        }

        var known = new Dictionary<string, SparkRun>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (cache.TryGet<SparkRun>(RunKey(id), out var run) && run.Start >= from && run.End <= to)
            {
                known[id] = run;
            }
        }

        var missing = ids.Where(id => !known.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            // Callers resolving the same ids at once share one resolution (ten people opening one link). Its runs hold
            // for this caller's range too when each lies inside both ranges, a scrape interval clear of their edges
            // (neither range cut it); otherwise — or when it failed under another range — this caller resolves alone.
            var shared = await cache.GetOrCreateAsync(
                "resolve|" + string.Join(',', missing.Order(StringComparer.Ordinal)),
                async ct =>
                {
                    try
                    {
                        return new SharedResolution(await ResolveRunsAsync(missing, from, to, ct), from, to, null);
                    }
                    catch (UnknownRunsException ex)
                    {
                        return new SharedResolution([], from, to, ex);
                    }
                },
                _ => false,
                _ => 1,
                cancellationToken);
            var sameRange = shared.From == from && shared.To == to;
            var lo = (shared.From > from ? shared.From : from) + options.ScrapeInterval;
            var hi = (shared.To < to ? shared.To : to) - options.ScrapeInterval;
            IReadOnlyList<SparkRun> found;
            if (shared.Unknown is { } unknown)
            {
                found = sameRange ? throw unknown : await ResolveRunsAsync(missing, from, to, cancellationToken);
            }
            else
            {
                found = sameRange || shared.Runs.All(r => r.Start >= lo && r.End <= hi)
                    ? shared.Runs
                    : await ResolveRunsAsync(missing, from, to, cancellationToken);
            }

            foreach (var run in found)
            {
                known[run.Id] = run;
                if (WholeInside(run, from, to))
                {
                    cache.Set(RunKey(run.Id), run, 1024);
                }
            }
        }

        return ids.Select(id => known[id]).ToList();
    }

    /// <summary>
    /// True when <paramref name="run"/> is completed and its bounds are its own, not the search range's: its first and last
    /// samples lie more than two scrape intervals inside [from, to], so no sample of it can sit between them and the
    /// range's edges (one interval for the next scrape, one of slack). A run the range cuts is never cached: a later
    /// request with a wider range must see the whole run.
    /// </summary>
    private bool WholeInside(SparkRun run, DateTimeOffset from, DateTimeOffset to) =>
        run.State == RunState.Completed && run.Start - from > 2 * options.ScrapeInterval && to - run.End > 2 * options.ScrapeInterval;

    /// <summary>One resolution shared by callers that asked for the same ids at once, with the range it searched.</summary>
    private sealed record SharedResolution(IReadOnlyList<SparkRun> Runs, DateTimeOffset From, DateTimeOffset To, UnknownRunsException? Unknown);

    private string FetchKey(string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs) => string.Join('|',
        "fetch", metricId, scope, string.Join(',', options.Profiles), options.ScrapeInterval.TotalMilliseconds, options.RawChunk.TotalMinutes,
        string.Join(',', runs.Select(RunIdentity).Order(StringComparer.Ordinal)));

    /// <summary>True when a run has more than twice <see cref="ComparisonServiceOptions.ChartPoints"/> scrapes per series.</summary>
    private bool AtDisplayResolution(IReadOnlyList<SparkRun> runs) =>
        options.ChartPoints > 0 && runs.Any(r => r.Duration.TotalSeconds / Math.Max(1, options.ScrapeInterval.TotalSeconds) > 2.0 * options.ChartPoints);

    /// <summary>The cache key of a chart's data: the raw read's, or the display-resolution read's.</summary>
    private string ChartKey(string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs) =>
        AtDisplayResolution(runs) ? $"display|{options.ChartPoints}|" + FetchKey(metricId, scope, runs) : FetchKey(metricId, scope, runs);

    private static string ResultKey(ComparisonPlan plan, CompareRequest request, IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate) =>
        string.Join('|', "result", string.Join(',', plan.Rows.Select(r => r.Id)), request.Aggregation?.ToString() ?? "",
            string.Join(',', baseline.Select(RunIdentity)), string.Join(',', candidate.Select(RunIdentity)));

    /// <summary>
    /// The report of <paramref name="request"/> when everything it needs is in the cache — its runs (completed, inside the
    /// range), every (metric, scope)'s data and the result — without any query; otherwise null. Lets a page render a
    /// reopened link's numbers in its first HTML, before the browser has connected.
    /// </summary>
    public ComparisonReport? TryFromCache(CompareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cache is null || request.Baseline.Count == 0 || request.Candidate.Count == 0
            || request.Baseline.Intersect(request.Candidate, StringComparer.Ordinal).Any())
        {
            return null;
        }

        var runs = new List<SparkRun>();
        foreach (var id in request.Baseline.Concat(request.Candidate))
        {
            if (!cache.TryGet<SparkRun>(RunKey(id), out var run) || run.Start < request.From || run.End > request.To) return null;
            runs.Add(run);
        }

        var plan = ComparisonPlan.For(catalog, request);
        var baseline = runs.Take(request.Baseline.Count).ToList();
        var candidate = runs.Skip(request.Baseline.Count).ToList();
        var fetches = new List<MetricFetch>();
        foreach (var (metricId, scope) in plan.ChartPairs)
        {
            if (!cache.TryGet<MetricFetch>(ChartKey(metricId, scope, runs), out var fetch)) return null;
            fetches.Add(fetch);
        }

        return cache.TryGet<ComparisonResult>(ResultKey(plan, request, baseline, candidate), out var result)
            ? new ComparisonReport(result, baseline, candidate, fetches, plan)
            : null;
    }

    private static string RunIdentity(SparkRun r) => $"{r.Id}@{r.Start.ToUnixTimeMilliseconds()}-{r.End.ToUnixTimeMilliseconds()}";

    private string RunKey(string id) => $"run|{options.ScrapeInterval.TotalMilliseconds}|{id}";

    /// <summary>
    /// Whether (metric, scope)'s summary statistics are read reduced by Prometheus (<see cref="ServerReduction"/>): an
    /// executor-scope metric whose raw read would exceed <see cref="ComparisonServiceOptions.ReduceAboveSamples"/>
    /// samples, read through raw selectors of one kind, and every row on it computable from the reduced values.
    /// </summary>
    private bool Reducible((string MetricId, MetricScope Scope) pair, ComparisonPlan plan, IReadOnlyList<SparkRun> runs)
    {
        if (pair.Scope != MetricScope.Executor || options.ReduceAboveSamples == long.MaxValue)
        {
            return false;
        }

        var interval = Math.Max(1, options.ScrapeInterval.TotalSeconds);
        var samples = runs.Sum(r => Math.Max(1, r.Executors) * (r.Duration.TotalSeconds / interval + 2));
        if (samples <= options.ReduceAboveSamples)
        {
            return false;
        }

        var resolution = catalog.Resolve(pair.MetricId, pair.Scope, options.Profiles);
        if (!resolution.IsAvailable || resolution.Template!.Raw is not { Count: > 0 } raw || raw.Select(r => r.Kind).Distinct().Count() != 1)
        {
            return false;
        }

        var uses = plan.Rows.Where(r => r.MetricId == pair.MetricId && r.Scope == pair.Scope && r.Statistic != Statistic.Duration)
            .Select(r => (r.Statistic, r.Aggregation));
        return ServerReduction.Serves(ServerReduction.For(raw[0].Kind), uses);
    }

    /// <summary>
    /// A chart's data at display resolution (<see cref="ComparisonServiceOptions.ChartPoints"/> points per run and series,
    /// <see cref="FetchAsync"/>) through the cache, as <see cref="FetchCachedAsync"/>.
    /// </summary>
    private Task<MetricFetch> FetchDisplayCachedAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim gate, PodCache pods, CancellationToken cancellationToken)
    {
        if (cache is null)
        {
            return FetchAsync(metricId, scope, runs, gate, cancellationToken, pods, options.ChartPoints);
        }

        var completed = runs.All(r => r.State == RunState.Completed);
        return cache.GetOrCreateAsync(
            ChartKey(metricId, scope, runs),
            ct => FetchAsync(metricId, scope, runs, gate, ct, pods, options.ChartPoints),
            fetch => completed && !fetch.Failed,
            SizeOf,
            cancellationToken);
    }

    /// <summary><see cref="FetchReducedAsync"/> through the cache, as <see cref="FetchCachedAsync"/>.</summary>
    private Task<MetricFetch> FetchReducedCachedAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim gate, PodCache pods, CancellationToken cancellationToken)
    {
        if (cache is null)
        {
            return FetchReducedAsync(metricId, scope, runs, gate, pods, cancellationToken);
        }

        var completed = runs.All(r => r.State == RunState.Completed);
        return cache.GetOrCreateAsync(
            "reduced|" + FetchKey(metricId, scope, runs),
            ct => FetchReducedAsync(metricId, scope, runs, gate, pods, ct),
            fetch => completed && !fetch.Failed,
            SizeOf,
            cancellationToken);
    }

    /// <summary>
    /// One (metric, scope)'s summary data for every run, reduced by Prometheus to one value per series in one instant
    /// query (<see cref="ServerReduction.Query"/>, the first raw selector of the first profile that has the metric).
    /// Each run for which the reduction is not exact — NaN samples, resets, copies of a series, several scrapes after its
    /// end, no series under that selector — or all of them when the query fails (a backend without <c>@</c>) is read
    /// raw instead (<see cref="FetchStatisticsAsync"/>), so the numbers are always those of the raw-sample rules. The
    /// data carries no samples to draw.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<MetricFetch> FetchReducedAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim? gate = null, PodCache? pods = null, CancellationToken cancellationToken = default)
    {
        var resolution = catalog.Resolve(metricId, scope, options.Profiles);
        if (!resolution.IsAvailable || resolution.Template!.Raw is not { Count: > 0 } rawSelectors)
        {
            return await FetchStatisticsAsync(metricId, scope, runs, gate, pods, cancellationToken);
        }

        pods ??= new PodCache(source, options.ScrapeInterval, runs);
        var raw = rawSelectors[0];
        var kind = ServerReduction.For(raw.Kind);
        var windows = new List<ReductionWindow>();
        var scopePods = new Dictionary<string, IReadOnlyList<SparkPod>?>(StringComparer.Ordinal);
        var fallback = new List<SparkRun>();
        foreach (var run in runs.DistinctBy(r => r.Id))
        {
            var (podsOfRun, podMatchers) = await ScopePodsAsync(resolution, run, gate, pods, cancellationToken);
            if (podsOfRun is not null && podMatchers is null)
            {
                fallback.Add(run); // no pod: the raw path says so
                continue;
            }

            scopePods[run.Id] = podsOfRun;
            windows.Add(new ReductionWindow(run.Id, MetricCatalog.BuildRawSelectors(resolution, run, podMatchers)[0].Selector, run.Start, run.End));
        }

        var byRun = new Dictionary<string, RunMetricData>(StringComparer.Ordinal);
        var queries = new List<string>();
        if (windows.Count > 0)
        {
            var query = ServerReduction.Query(kind, windows, options.ScrapeInterval);
            queries.Add(query);
            IReadOnlyDictionary<string, RunReduction>? reductions = null;
            if (gate is not null) await gate.WaitAsync(cancellationToken);
            try
            {
                var answer = await source.QueryInstantAsync(query, windows.Max(w => w.End) + options.ScrapeInterval, cancellationToken);
                reductions = ServerReduction.Read(kind, windows, answer.Data, raw.Identity ?? resolution.Profile!.IdentityLabels, options.CopyLabels);
            }
            catch (DataSourceException)
            {
                // Not every backend takes @ or these functions: read everything raw (the raw read reports its own errors).
            }
            finally
            {
                gate?.Release();
            }

            foreach (var run in runs.DistinctBy(r => r.Id).Where(r => windows.Any(w => w.Key == r.Id)))
            {
                if (reductions?.GetValueOrDefault(run.Id) is { Series: { } series })
                {
                    var scaled = raw.Scale == 1 ? series : series.Select(s => s with { Values = [s.Values[0] * raw.Scale] }).ToList();
                    var mine = scopePods[run.Id] is { } p ? PodDirectory.Attach(scaled, p) : scaled;
                    byRun[run.Id] = new RunMetricData(run, metricId, scope, raw.Kind, resolution.Metric.Unit, mine, resolution.ExecutorLabel) { Reduced = true };
                }
                else
                {
                    fallback.Add(run);
                }
            }
        }

        if (fallback.Count > 0)
        {
            var rawFetch = await FetchStatisticsAsync(metricId, scope, fallback, gate, pods, cancellationToken);
            queries.AddRange(rawFetch.Queries);
            if (rawFetch.Failed || !rawFetch.IsAvailable)
            {
                return rawFetch with { Queries = queries };
            }

            foreach (var (id, data) in rawFetch.ByRun) byRun[id] = data;
        }

        return new MetricFetch(metricId, scope, byRun, queries, null, null);
    }

    /// <summary>
    /// <see cref="FetchStatisticsAsync"/> through the cache: one fetch per (metric, scope, runs) in flight at a time,
    /// kept when every run is completed and the fetch did not fail.
    /// </summary>
    private Task<MetricFetch> FetchCachedAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim gate, PodCache pods, CancellationToken cancellationToken)
    {
        if (cache is null)
        {
            return FetchStatisticsAsync(metricId, scope, runs, gate, pods, cancellationToken);
        }

        var key = FetchKey(metricId, scope, runs);
        var completed = runs.All(r => r.State == RunState.Completed);
        return cache.GetOrCreateAsync(
            key,
            ct => FetchStatisticsAsync(metricId, scope, runs, gate, pods, ct),
            fetch => completed && !fetch.Failed,
            SizeOf,
            cancellationToken);
    }

    /// <summary>Estimated bytes a fetch holds: 16 per sample, a few hundred per series and note.</summary>
    private static long SizeOf(MetricFetch fetch) =>
        1024 + fetch.ByRun.Values.Sum(d => 512L + d.Notes.Sum(n => 2L * n.Length) + d.Series.Sum(s => 256L + 16L * s.Count + 64L * s.Labels.Count));

    /// <summary>A run's data from a fetch; a failed or unavailable fetch becomes data that says why there is none.</summary>
    private RunMetricData? DataOf(MetricFetch fetch, SparkRun run)
    {
        if (fetch.IsAvailable && !fetch.Failed)
        {
            return fetch.ByRun.GetValueOrDefault(run.Id);
        }

        var metric = catalog.GetMetric(fetch.MetricId);
        return new RunMetricData(run, metric.Id, fetch.Scope, metric.Kind, metric.Unit, [])
        {
            NotAvailableReason = fetch.Failed ? "query failed: " + QueryErrorHints.Explain(fetch.Error!) : fetch.UnavailableReason,
        };
    }

    /// <summary>
    /// Reads one (metric, scope) for every run as raw samples — the data of the summary statistics and of the charts
    /// alike — with one query per raw selector for all runs together, not one per run: each run's selector is rendered
    /// (<see cref="MetricCatalog.BuildRawSelectors"/>), the selectors are joined into one that matches them all
    /// (<see cref="SelectorText.Union"/>), read over the runs' windows widened by one scrape interval on each side
    /// (<see cref="RawSampleReader.ReadWindowsAsync"/>: runs within one chunk of each other in one read), and each run's
    /// series and window are cut out again. A template's raw selectors are tried in order for the runs still without
    /// series, then the next enabled profiles' (a Kubernetes cluster without the driver's servlet still has the driver
    /// container's CPU in cAdvisor). Samples are scaled into the metric's unit, copies of one series collapsed
    /// (<see cref="SeriesIdentity"/>) and, for Kubernetes, the runs' pods selected by name (<see cref="PodDirectory"/>,
    /// one read for all runs). A template without raw selectors falls back to <see cref="FetchAsync"/> (range queries).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<MetricFetch> FetchStatisticsAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim? gate = null, PodCache? pods = null, CancellationToken cancellationToken = default)
    {
        var resolution = catalog.Resolve(metricId, scope, options.Profiles);
        if (!resolution.IsAvailable)
        {
            return new MetricFetch(metricId, scope, new Dictionary<string, RunMetricData>(), [], resolution.UnavailableReason ?? "not available with this exporter", null);
        }

        if (resolution.Template!.Raw is not { Count: > 0 })
        {
            return await FetchAsync(metricId, scope, runs, gate, cancellationToken, pods);
        }

        pods ??= new PodCache(source, options.ScrapeInterval, runs);
        var byRun = new Dictionary<string, RunMetricData>(StringComparer.Ordinal);
        var queries = new List<string>();
        var fallbacks = catalog.ResolveAll(metricId, scope, options.Profiles).Skip(1).Where(r => r.Template!.Raw is { Count: > 0 }).ToList();
        try
        {
            var pending = runs.DistinctBy(r => r.Id).ToList();
            foreach (var (r, k) in fallbacks.Prepend(resolution).Select((r, k) => (r, k)))
            {
                if (pending.Count == 0) break;
                var read = await ReadRawAsync(r, pending, gate, pods, queries, cancellationToken);
                foreach (var run in pending)
                {
                    var data = read[run.Id];
                    byRun[run.Id] = k == 0 ? data
                        : !data.IsEmpty ? data with { Notes = [$"read from the {r.Profile!.Name} profile: nothing under {resolution.Profile!.Name}", .. data.Notes] }
                        : byRun[run.Id] with { Notes = [.. byRun[run.Id].Notes, .. data.Notes] };
                }

                pending = pending.Where(run => byRun[run.Id].IsEmpty).ToList();
            }
        }
        catch (DataSourceException ex)
        {
            return new MetricFetch(metricId, scope, new Dictionary<string, RunMetricData>(), queries, null, ex.Message);
        }

        return new MetricFetch(metricId, scope, byRun, queries, null, null);
    }

    /// <summary>One resolution's raw read for <paramref name="runs"/>: their data by run id (empty, with a note, where none).</summary>
    private async Task<Dictionary<string, RunMetricData>> ReadRawAsync(
        MetricResolution resolution, IReadOnlyList<SparkRun> runs, SemaphoreSlim? gate, PodCache pods, List<string> queries, CancellationToken cancellationToken)
    {
        var metric = resolution.Metric;
        var scope = resolution.Scope;
        var pad = options.ScrapeInterval;
        var result = new Dictionary<string, RunMetricData>(StringComparer.Ordinal);
        RunMetricData Empty(SparkRun run, string note) =>
            new(run, metric.Id, scope, resolution.Kind, metric.Unit, [], resolution.ExecutorLabel) { Notes = [note] };

        var selectors = new Dictionary<string, IReadOnlyList<(RawSelector Source, string Selector)>>(StringComparer.Ordinal);
        var scopePods = new Dictionary<string, IReadOnlyList<SparkPod>?>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var (podsOfRun, podMatchers) = await ScopePodsAsync(resolution, run, gate, pods, cancellationToken);
            if (podsOfRun is not null && podMatchers is null)
            {
                result[run.Id] = Empty(run, $"no {(scope == MetricScope.Driver ? "driver" : "executor")} pod of run {run.Id} in {PodDirectory.Metric} "
                    + $"(looked for {PodDirectory.AppLabel}=\"{run.Id}\"; kube-state-metrics needs --metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name])");
                continue;
            }

            scopePods[run.Id] = podsOfRun;
            selectors[run.Id] = MetricCatalog.BuildRawSelectors(resolution, run, podMatchers);
        }

        var remaining = runs.Where(r => selectors.ContainsKey(r.Id)).ToList();
        var count = resolution.Template!.Raw!.Count;
        for (var k = 0; k < count && remaining.Count > 0; k++)
        {
            var raw = resolution.Template.Raw[k];
            foreach (var (run, series) in await ReadSelectorAsync(remaining, run => selectors[run.Id][k].Selector, gate, queries, cancellationToken))
            {
                var mine = scopePods[run.Id] is { } p ? PodDirectory.Attach(series, p) : series;
                if (mine.Count == 0) continue;
                result[run.Id] = await ToRunDataAsync(resolution, raw, k, selectors[run.Id][k].Selector, run, mine, gate, cancellationToken);
            }

            remaining = remaining.Where(r => !result.ContainsKey(r.Id)).ToList();
        }

        var hint = resolution.Template.Hint is { } h ? $"; {h}" : "";
        foreach (var run in remaining)
        {
            result[run.Id] = Empty(run, $"no series for run {run.Id}: looked for {string.Join(" and ", selectors[run.Id].Select(s => s.Selector))}{hint}");
        }

        return result;
    }

    /// <summary>
    /// Reads the raw samples of each run's selector: one read of their union when they can be joined
    /// (<see cref="SelectorText.Union"/>), else one per distinct selector; each run gets the series its own selector
    /// matches, cut to its window widened by one scrape interval.
    /// </summary>
    private async Task<List<(SparkRun Run, IReadOnlyList<TimeSeries> Series)>> ReadSelectorAsync(
        IReadOnlyList<SparkRun> runs, Func<SparkRun, string> selectorOf, SemaphoreSlim? gate, List<string> queries, CancellationToken cancellationToken)
    {
        var pad = options.ScrapeInterval;
        var parsed = runs.ToDictionary(r => r.Id, r => SelectorText.Parse(selectorOf(r)), StringComparer.Ordinal);
        var texts = runs.Select(selectorOf).Distinct(StringComparer.Ordinal).ToList();
        var union = texts.Count == 1 ? texts[0] : SelectorText.Union(parsed.Values.ToList());
        // Runs whose selectors cannot be joined are read selector by selector (still once per distinct selector).
        var reads = union is not null
            ? [(union, runs)]
            : runs.GroupBy(selectorOf, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<SparkRun>)g.ToList())).ToList();
        var result = new List<(SparkRun, IReadOnlyList<TimeSeries>)>();
        foreach (var (selector, group) in reads)
        {
            lock (queries) queries.Add(selector);
            if (gate is not null) await gate.WaitAsync(cancellationToken);
            QueryResult<IReadOnlyList<TimeSeries>> answer;
            try
            {
                answer = await RawSampleReader.ReadWindowsAsync(source, selector, group.Select(r => (r.Start - pad, r.End + pad)).ToList(), options.RawChunk, cancellationToken);
            }
            finally
            {
                gate?.Release();
            }

            foreach (var run in group)
            {
                var own = parsed[run.Id];
                var series = answer.Data
                    .Where(s => own.Matches(s.Labels))
                    .Select(s => RawSampleReader.Cut(s, run.Start - pad, run.End + pad))
                    .OfType<TimeSeries>()
                    .ToList();
                result.Add((run, series));
            }
        }

        return result;
    }

    /// <summary>A run's raw series of one selector made into its data: scaled, this run's driver picked, copies collapsed.</summary>
    private async Task<RunMetricData> ToRunDataAsync(
        MetricResolution resolution, RawSelector raw, int k, string selector, SparkRun run, IReadOnlyList<TimeSeries> series, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        var metric = resolution.Metric;
        var scope = resolution.Scope;
        if (raw.Scale != 1)
        {
            series = series.Select(s => s with { Values = s.Values.Select(v => v * raw.Scale).ToArray() }).ToList();
        }

        var notes = new List<string>();
        if (scope == MetricScope.Driver && Targets(series) > 1)
        {
            // Series without an application id (the driver's servlet) from several scrape targets: another
            // application of the same name ran at the same time. Keep the series of this run's driver target.
            var mine = await ThisRunsDriverAsync(run, series, gate, cancellationToken);
            if (mine.Count == 0)
            {
                return new RunMetricData(run, metric.Id, scope, resolution.Kind, metric.Unit, [], resolution.ExecutorLabel)
                {
                    Notes = [$"ambiguous for run {run.Id}: {Targets(series)} drivers' series match {selector} (applications named '{run.Name}' ran at the same time) "
                        + "and none has this run's scrape target (instance, pod); set spark.metrics.namespace to something unique per run"],
                };
            }

            notes.Add($"{Targets(series) - Targets(mine)} other driver(s) named '{run.Name}' ran at the same time; this run's driver picked by its scrape target (instance, pod)");
            series = mine;
        }

        var collapsed = SeriesIdentity.Collapse(series, raw.Identity ?? resolution.Profile!.IdentityLabels, options.CopyLabels);
        if (k > 0 && raw.Note is { } found) notes.Add(found);
        if (collapsed.Note is { } copies) notes.Add(copies);
        return new RunMetricData(run, metric.Id, scope, raw.Kind, metric.Unit, collapsed.Kept, resolution.ExecutorLabel)
        {
            RawSamples = true,
            ClosingSeconds = options.ScrapeInterval.TotalSeconds,
            FirstSeen = collapsed.FirstSeen,
            Notes = notes,
        };
    }

    /// <summary>How many scrape targets (instance, pod) the series come from.</summary>
    private static int Targets(IReadOnlyList<TimeSeries> series) =>
        series.Select(s => (s.Label("instance") ?? "", s.Label("pod") ?? "")).Distinct().Count();

    private async Task<IReadOnlyList<TimeSeries>> ThisRunsDriverAsync(SparkRun run, IReadOnlyList<TimeSeries> series, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> targets;
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        try
        {
            targets = await _discovery.DriverTargetsAsync(run, cancellationToken);
        }
        finally
        {
            gate?.Release();
        }

        var instances = targets.Select(t => t.GetValueOrDefault("instance")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var pods = targets.SelectMany(t => new[] { t.GetValueOrDefault("pod"), t.GetValueOrDefault("exported_pod") }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return series.Where(s => (s.Label("instance") is { } i && instances.Contains(i)) || (s.Label("pod") is { } p && pods.Contains(p))).ToList();
    }

    /// <summary>
    /// Fetches one (metric, scope) for each run over the run's own window with range queries (one per run), at full
    /// resolution where the range allows, or at <paramref name="pointsPerRun"/> points (the step follows; peak-sensitive
    /// gauges are wrapped in <c>max_over_time</c> over the step, <see cref="MetricCatalog.BuildQuery"/>).
    /// </summary>
    public async Task<MetricFetch> FetchAsync(
        string metricId, MetricScope scope, IReadOnlyList<SparkRun> runs, SemaphoreSlim? gate = null, CancellationToken cancellationToken = default, PodCache? pods = null,
        int? pointsPerRun = null)
    {
        var resolution = catalog.Resolve(metricId, scope, options.Profiles);
        if (!resolution.IsAvailable)
        {
            return new MetricFetch(metricId, scope, new Dictionary<string, RunMetricData>(), [], resolution.UnavailableReason ?? "not available with this exporter", null);
        }

        var byRun = new Dictionary<string, RunMetricData>(StringComparer.Ordinal);
        var queries = new List<string>();
        string? error = null;
        pods ??= new PodCache(source, options.ScrapeInterval);
        // As for the statistics: a run without series under the first profile is drawn from the next one that has the metric.
        var resolutions = catalog.ResolveAll(metricId, scope, options.Profiles);
        var tasks = runs.Select(async run =>
        {
            try
            {
                RunMetricData? data = null;
                foreach (var r in resolutions)
                {
                    data = await ReadRangeAsync(r, run, gate, pods, queries, pointsPerRun ?? options.PointsPerRun, cancellationToken);
                    if (!data.IsEmpty) break;
                }

                lock (byRun) byRun[run.Id] = data!;
            }
            catch (DataSourceException ex)
            {
                lock (byRun) error ??= ex.Message;
            }
        });
        await Task.WhenAll(tasks);
        return new MetricFetch(metricId, scope, byRun, queries, null, error);
    }

    /// <summary>
    /// For a template with <c>{pods}</c>: the run's pods of the resolution's scope and their matchers (null matchers:
    /// none found). (null, null) when the template needs no pods.
    /// </summary>
    private static async Task<(IReadOnlyList<SparkPod>? Pods, string? Matchers)> ScopePodsAsync(
        MetricResolution resolution, SparkRun run, SemaphoreSlim? gate, PodCache pods, CancellationToken cancellationToken)
    {
        if (!MetricCatalog.NeedsPods(resolution))
        {
            return (null, null);
        }

        var scopePods = PodDirectory.InScope(await pods.GetAsync(run, gate, cancellationToken), resolution.Scope);
        return (scopePods, PodDirectory.Matchers(scopePods));
    }

    private async Task<RunMetricData> ReadRangeAsync(
        MetricResolution resolution, SparkRun run, SemaphoreSlim? gate, PodCache pods, List<string> queries, int pointsPerRun, CancellationToken cancellationToken)
    {
        var metric = resolution.Metric;
        var scope = resolution.Scope;
        var plan = StepPlanner.Plan(run.Start, run.End, pointsPerRun, options.ScrapeInterval);
        var (scopePods, podMatchers) = await ScopePodsAsync(resolution, run, gate, pods, cancellationToken);
        if (scopePods is not null && podMatchers is null)
        {
            return new RunMetricData(run, metric.Id, scope, resolution.Kind, metric.Unit, [], resolution.ExecutorLabel);
        }

        var query = catalog.BuildQuery(metric.Id, scope, run, plan, [resolution.Profile!.Name], podMatchers);
        lock (queries) queries.Add(query.PromQl!);
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        QueryResult<IReadOnlyList<TimeSeries>> answer;
        try
        {
            answer = await source.QueryRangeAsync(query.PromQl!, plan.Start, plan.End, plan.Step, cancellationToken);
        }
        finally
        {
            gate?.Release();
        }

        var series = scopePods is null ? answer.Data : PodDirectory.Attach(answer.Data, scopePods);
        var collapsed = SeriesIdentity.Collapse(series, resolution.Profile.IdentityLabels, options.CopyLabels);
        return new RunMetricData(run, metric.Id, scope, query.Kind, metric.Unit, collapsed.Kept, query.ExecutorLabel)
        {
            Notes = collapsed.Note is { } note ? [note] : [],
        };
    }
}

/// <summary>
/// The pods of each run (<see cref="PodDirectory"/>), read once per comparison — for all its runs in one call — and
/// shared by every Kubernetes query.
/// </summary>
/// <param name="source">Where kube_pod_labels is read.</param>
/// <param name="pad">How far around each run pods are looked for.</param>
/// <param name="runs">The comparison's runs, read together on first use; a run not among them is read on its own.</param>
/// <param name="shared">The process-wide cache: pods of completed runs are read once for every comparison (and reads in flight shared).</param>
public sealed class PodCache(ITimeSeriesSource source, TimeSpan pad, IReadOnlyList<SparkRun>? runs = null, RunDataCache? shared = null)
{
    private readonly IReadOnlyList<SparkRun> _runs = runs ?? [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, IReadOnlyList<SparkPod>>>>> _reads = new(StringComparer.Ordinal);

    /// <summary>The pods of <paramref name="run"/> (read on first use; the gate bounds the read like any query).</summary>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<IReadOnlyList<SparkPod>> GetAsync(SparkRun run, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var batch = _runs.Any(r => r.Id == run.Id) ? _runs : [run];
        var key = string.Join('\u001f', batch.Select(r => r.Id));
        async Task<IReadOnlyDictionary<string, IReadOnlyList<SparkPod>>> ReadAsync(CancellationToken ct)
        {
            if (gate is not null) await gate.WaitAsync(ct);
            try
            {
                return await PodDirectory.ListManyAsync(source, batch, pad, ct);
            }
            finally
            {
                gate?.Release();
            }
        }

        var completed = batch.All(r => r.State == RunState.Completed);
        var read = _reads.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyDictionary<string, IReadOnlyList<SparkPod>>>>(() => shared is null
            ? ReadAsync(cancellationToken)
            : shared.GetOrCreateAsync($"pods|{pad.TotalMilliseconds}|{key}", ReadAsync, _ => completed, p => 256L * (1 + p.Values.Sum(l => l.Count)), cancellationToken)));
        var pods = await read.Value;
        return pods.TryGetValue(run.Id, out var list) ? list : [];
    }
}
