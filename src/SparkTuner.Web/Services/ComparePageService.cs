using Microsoft.Extensions.Options;
using SparkTuner.Clients.DependencyInjection;
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
    private static readonly IReadOnlyDictionary<string, string> GroupTitles = new Dictionary<string, string>
    {
        ["memory"] = "Memory",
        ["cpu"] = "CPU",
        ["gc"] = "GC",
        ["network"] = "Network",
        ["shuffle"] = "Shuffle and spill",
        ["tasks"] = "Tasks",
    };

    /// <summary>URL group keys with their titles, in display order.</summary>
    public static IReadOnlyList<(string Key, string Title)> GroupChoices { get; } =
        CompareState.AllGroups.Select(k => (k, GroupTitles[k])).ToList();

    public MetricCatalog Catalog => comparison.Catalog;

    /// <summary>The range the runs are searched in: the link's, or the configured lookback.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(CompareState state)
    {
        var to = state.To ?? clock.GetUtcNow();
        var from = state.From ?? to - TimeSpan.FromDays(runsOptions.Value.LookbackDays);
        return (from, to);
    }

    public async Task<(IReadOnlyList<SparkRun> Baseline, IReadOnlyList<SparkRun> Candidate)> ResolveAsync(CompareState state, CancellationToken ct)
    {
        var (from, to) = Range(state);
        var all = await comparison.ResolveRunsAsync(state.Baseline.Concat(state.Candidate).ToList(), from, to, ct);
        return (all.Take(state.Baseline.Count).ToList(), all.Skip(state.Baseline.Count).ToList());
    }

    public Task<ComparisonReport> CompareAsync(CompareState state, IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, IProgress<MetricFetch> progress, CancellationToken ct)
    {
        var (from, to) = Range(state);
        var request = new CompareRequest(state.Baseline, state.Candidate, from, to, Groups: state.EffectiveGroups);
        return comparison.CompareResolvedAsync(request, baseline, candidate, progress, ct);
    }

    /// <summary>A side as the header shows it, labelled like the result's sides (<see cref="SideLabel"/>).</summary>
    public static SideInfo Side(IReadOnlyList<SparkRun> runs, string fallback) =>
        new(SideLabel.For(runs, fallback), runs.Select(r => new RunInfo(r.Id, r.Name, r.Start, r.End, r.Duration.TotalSeconds, r.State)).ToList());

    /// <summary>Panels of the chosen groups; those whose data has not arrived yet are in the loading state.</summary>
    public IReadOnlyList<PanelGroupViewModel> Panels(
        CompareState state, IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate,
        IReadOnlyDictionary<(string MetricId, MetricScope Scope), MetricFetch> fetched, PanelCache cache)
    {
        var groups = new List<PanelGroupViewModel>();
        foreach (var key in state.EffectiveGroups)
        {
            var panels = new List<PanelViewModel>();
            foreach (var metric in Catalog.Metrics.Where(m => ComparisonService.GroupMatches(m.Group, key)))
            {
                foreach (var scope in metric.Scopes.OrderByDescending(s => s == MetricScope.Executor))
                {
                    var title = ChartPanelBuilder.Title(metric, scope, state.Aggregation);
                    if (!fetched.TryGetValue((metric.Id, scope), out var fetch))
                    {
                        panels.Add(PanelViewModel.Loading(title));
                        continue;
                    }
                    panels.Add(cache.GetOrBuild(fetch, state.Aggregation, () => Panel(metric, scope, title, fetch, state.Aggregation, baseline, candidate)));
                }
            }
            // Metrics this deployment's exporters cannot provide go last, so the charts that exist come first.
            panels = panels.OrderBy(p => p.Status == PanelStatus.NotAvailable).ToList();
            groups.Add(new PanelGroupViewModel(key, GroupTitles.GetValueOrDefault(key, key), panels));
        }
        return groups;
    }

    private static PanelViewModel Panel(
        MetricDefinition metric, MetricScope scope, string title, MetricFetch fetch, ExecutorAggregation aggregation,
        IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate)
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
        var chart = ChartPanelBuilder.Build(metric, scope, baseline.Select(DataOf).ToList(), candidate.Select(DataOf).ToList(), aggregation);
        return PanelViewModel.Ready(chart, fetch.Queries);
    }
}
