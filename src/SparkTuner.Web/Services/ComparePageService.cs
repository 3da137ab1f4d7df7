using Microsoft.Extensions.Options;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>
/// Turns a <see cref="CompareState"/> into what the Compare page shows: the sides, the summary and the chart panels.
/// All maths is in Core (ComparisonService, ChartPanelBuilder); this class only maps.
/// </summary>
public sealed class ComparePageService(ComparisonService comparison, IOptions<RunsOptions> runsOptions, TimeProvider clock)
{
    public MetricCatalog Catalog => comparison.Catalog;

    /// <summary>The catalog's metric groups (key for links, title for people), in display order.</summary>
    public IReadOnlyList<(string Key, string Title)> GroupChoices => Catalog.Groups.Select(g => (g.Key, g.Title)).ToList();

    /// <summary>The catalog's metric group keys.</summary>
    public IReadOnlyList<string> GroupKeys => Catalog.Groups.Select(g => g.Key).ToList();

    /// <summary>The most run ids a side may list (Runs:MaxRunsPerSide), checked when a link is parsed.</summary>
    public int MaxRunsPerSide => runsOptions.Value.MaxRunsPerSide;

    /// <summary>The range the runs are searched in: the link's, or the configured lookback.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(CompareState state)
    {
        // A future end is clipped to now, as everywhere (SearchRange): nothing is there yet.
        var now = clock.GetUtcNow();
        var to = state.To is { } end && end < now ? end : now;
        var from = state.From ?? to - TimeSpan.FromDays(runsOptions.Value.LookbackDays);
        return (from, to);
    }

    /// <summary>Runs the comparison of <paramref name="state"/>; <paramref name="progress"/> hears the runs and each chart as they come.</summary>
    public Task<ComparisonReport> CompareAsync(CompareState state, IComparisonProgress progress, CancellationToken ct) =>
        comparison.CompareAsync(Request(state), progress, ct);

    /// <summary>
    /// How long the page's first HTML waits for a comparison that is not cached yet. Within it, the summary and charts
    /// come in the first HTML, before the browser has started Blazor (ten people opening one link then wait for one
    /// shared comparison, not for ten browsers' start-up on top of it); past it, the page shows its loading state and
    /// the circuit joins the work still in flight.
    /// </summary>
    public static readonly TimeSpan FirstHtmlBudget = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// For the first HTML: <paramref name="state"/>'s report when the comparison completes within
    /// <see cref="FirstHtmlBudget"/> and is cacheable (completed runs), else null. The comparison keeps running after
    /// the budget, so the circuit finds it in the cache or joins it; with the cache off nothing is started (the circuit
    /// would run every query again).
    /// </summary>
    public async Task<ComparisonReport?> CompareForFirstHtmlAsync(CompareState state)
    {
        if (comparison.Cache is null) return null;
        Task<ComparisonReport> work;
        try
        {
            work = comparison.CompareAsync(Request(state), null, CancellationToken.None);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Failures are the circuit's to show (it runs the comparison again and words the error); observe them here.
        _ = work.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        await Task.WhenAny(work, Task.Delay(FirstHtmlBudget));
        return work.IsCompletedSuccessfully ? TryFromCache(state) : null;
    }

    /// <summary>The report of <paramref name="state"/> when it is all in the cache (no query), else null: see <see cref="ComparisonService.TryFromCache"/>.</summary>
    public ComparisonReport? TryFromCache(CompareState state)
    {
        try
        {
            return comparison.TryFromCache(Request(state));
        }
        catch (ArgumentException)
        {
            // A range the live load will refuse with its message.
            return null;
        }
    }

    private CompareRequest Request(CompareState state)
    {
        var (from, to) = Range(state);
        return new CompareRequest(state.Baseline, state.Candidate, from, to, Groups: state.EffectiveGroups(GroupKeys));
    }

    /// <summary>A side as the header shows it, labelled like the result's sides (<see cref="SideLabel"/>).</summary>
    public static SideInfo Side(IReadOnlyList<SparkRun> runs, string fallback) =>
        new(SideLabel.For(runs, fallback), runs.Select(r => new RunInfo(r.Id, r.Name, r.Start, r.End, r.Duration.TotalSeconds, r.State)).ToList());

    /// <summary>
    /// The panels of the comparison's plan (<see cref="ComparisonPlan"/>) in the groups <paramref name="state"/>
    /// shows; those whose data has not arrived yet are in the loading state.
    /// </summary>
    /// <param name="showAll">Panels drawn with every executor (otherwise "each" draws the top ones, <see cref="ChartPanelBuilder.DefaultTopExecutors"/>).</param>
    /// <param name="holdCharts">
    /// Keep panels whose data arrived in the loading state (errors still show): the page holds its charts until the
    /// summary is in place, so a busy browser draws the numbers before twenty charts rather than after them (one raw
    /// read serves both, so the data of charts and summary arrives at about the same moment anyway).
    /// </param>
    public IReadOnlyList<PanelGroupViewModel> Panels(CompareState state, ComparisonProgress progress, PanelCache cache,
        IReadOnlySet<(string MetricId, MetricScope Scope)>? showAll = null, bool holdCharts = false)
    {
        if (progress.Plan is not { } plan || progress.Baseline is not { } baseline || progress.Candidate is not { } candidate)
        {
            return [];
        }

        var shown = state.EffectiveGroups(GroupKeys);
        var groups = new List<PanelGroupViewModel>();
        foreach (var group in plan.Groups.Where(g => shown.Contains(g.Group.Key)))
        {
            var panels = new List<PanelViewModel>();
            foreach (var (metric, scope) in group.Panels)
            {
                var title = ChartPanelBuilder.Title(metric, scope, state.Aggregation);
                var all = showAll?.Contains((metric.Id, scope)) == true;
                panels.Add(progress.Fetch(metric.Id, scope) is { } fetch && !(holdCharts && fetch.IsAvailable && !fetch.Failed)
                    ? cache.GetOrBuild(fetch, state.Aggregation, all, () => Shared(fetch, state.Aggregation, all, baseline, candidate,
                        () => Panel(metric, scope, title, fetch, state.Aggregation, baseline, candidate, all)))
                    : PanelViewModel.Loading(title));
            }
            // Metrics this deployment's exporters cannot provide go last, so the charts that exist come first.
            panels = panels.OrderBy(p => p.Status == PanelStatus.NotAvailable).ToList();
            groups.Add(new PanelGroupViewModel(group.Group.Key, group.Group.Title, panels));
        }
        return groups;
    }

    /// <summary>
    /// <paramref name="groups"/> after the comparison stopped with an error: a panel still loading will never get its
    /// data, so it says so instead of spinning next to the error.
    /// </summary>
    public static IReadOnlyList<PanelGroupViewModel> Stopped(IReadOnlyList<PanelGroupViewModel> groups) =>
        groups.Select(g => g with
        {
            Panels = g.Panels.Select(p => p.Status == PanelStatus.Loading
                ? PanelViewModel.Failed(p.Title, "Not loaded: the comparison stopped with the error shown above.", p.Queries)
                : p).ToList(),
        }).ToList();

    // Built panels per fetch instance: a fetch of completed runs is one shared object (RunDataCache), so ten people on
    // one link build each chart once. Entries go with their fetch (weak keys).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MetricFetch, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<PanelViewModel>>> s_built = new();

    private static PanelViewModel Shared(
        MetricFetch fetch, ExecutorAggregation aggregation, bool all, IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, Func<PanelViewModel> build)
    {
        var key = $"{aggregation}|{all}|{string.Join(',', baseline.Select(r => r.Id))}|{string.Join(',', candidate.Select(r => r.Id))}";
        return s_built.GetOrCreateValue(fetch).GetOrAdd(key, _ => new Lazy<PanelViewModel>(build)).Value;
    }

    private static PanelViewModel Panel(
        MetricDefinition metric, MetricScope scope, string title, MetricFetch fetch, ExecutorAggregation aggregation,
        IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, bool allExecutors)
    {
        if (!fetch.IsAvailable)
        {
            return PanelViewModel.NotAvailable(title);
        }
        if (fetch.Failed)
        {
            return PanelViewModel.Failed(title, QueryErrorHints.Explain(fetch.Error!), fetch.Queries);
        }
        RunMetricData DataOf(SparkRun run) => fetch.ByRun.TryGetValue(run.Id, out var d)
            ? d
            : new RunMetricData(run, metric.Id, scope, metric.Kind, metric.Unit, []);
        var chart = ChartPanelBuilder.Build(metric, scope, baseline.Select(DataOf).ToList(), candidate.Select(DataOf).ToList(), aggregation,
            topExecutors: allExecutors ? null : ChartPanelBuilder.DefaultTopExecutors);
        return PanelViewModel.Ready(chart, fetch.Queries);
    }
}
