using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Series;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Components.Pages;

/// <summary>
/// The Compare page: reads its state from the URL, runs the comparison through <see cref="ComparePageService"/> and
/// renders from Core's <see cref="ComparisonProgress"/> (runs, plan, charts as they arrive) and the final report.
/// </summary>
public partial class Compare
{
    [Inject] private ComparePageService Pages { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<Compare> Log { get; set; } = default!;

    /// <summary>Set when the page is shown chrome-less (<c>/embed/compare</c>): its links stay embedded.</summary>
    [CascadingParameter] public EmbedContext? Embed { get; set; }

    // The whole state is in the URL; these only make Blazor call OnParametersSetAsync when the query changes.
    [SupplyParameterFromQuery(Name = "baseline")] public string? BaselineParam { get; set; }
    [SupplyParameterFromQuery(Name = "candidate")] public string? CandidateParam { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromParam { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToParam { get; set; }
    [SupplyParameterFromQuery(Name = "groups")] public string? GroupsParam { get; set; }
    [SupplyParameterFromQuery(Name = "agg")] public string? AggParam { get; set; }
    [SupplyParameterFromQuery(Name = "layout")] public string? LayoutParam { get; set; }
    [SupplyParameterFromQuery(Name = "rest")] public string? RestParam { get; set; }

    private CompareState? _state;
    private List<string> _errors = [];
    private string? _fatal;
    private ComparisonProgress _progress = new();
    private ComparisonReport? _report;
    private IReadOnlyList<PanelGroupViewModel> _panels = [];
    private readonly PanelCache _panelCache = new();
    private LatestLoad? _loads;
    private IJSObjectReference? _module;
    private CompareState? _loadedFor;

    // The summary arrives after the charts have started to draw: keep its place so nothing below it jumps.
    // Measured on the demo: a summary row (name + id) is 53 px, a group header 33 px, table head and toolbar 93 px.
    private int SummaryReservePx => 93 + 53 * Pages.Catalog.Summary.Count
        + 33 * Pages.Catalog.Summary.Select(r => Pages.Catalog.Metrics.FirstOrDefault(m => m.Id == r.MetricId)?.Group ?? "Run").Distinct().Count();

    /// <summary>Chart fetches the plan expects.</summary>
    // The summary shows as soon as it is computed, before the last charts when Prometheus reduced the statistics.
    private ComparisonResult? Summary => _report?.Result ?? _progress.Result;

    private int Expected => _progress.Plan?.ChartPairs.Count ?? 0;

    private string PageTitleText => _progress.Baseline is { Count: > 0 } b && _progress.Candidate is { Count: > 0 } c
        ? $"{b[0].Name} vs {c[0].Name} · SparkTuner"
        : "Compare · SparkTuner";

    // Every load's writes go through it, so that what the page shows is always what its URL says (see LoadAsync).
    private LatestLoad Loads => _loads ??= new LatestLoad(Log);

    protected override async Task OnParametersSetAsync()
    {
        var uri = Nav.ToAbsoluteUri(Nav.Uri);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)
            .ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        var (state, errors) = DashboardUrls.ParseCompare(query, Pages.GroupKeys, Pages.MaxRunsPerSide);
        _errors = errors.ToList();
        _state = errors.Count == 0 ? state : null;
        if (_state is null)
        {
            // A link that cannot be opened replaces whatever was loading: the load before it must not write any more.
            Loads.Cancel();
            _loadedFor = null;
            return;
        }

        // The first HTML carries the comparison when it is in the cache (a reopened link) or completes within a short
        // budget (then the circuit finds it in the cache: the queries run once); otherwise it shows the loading state and
        // the interactive render joins the work in flight.
        if (!RendererInfo.IsInteractive)
        {
            if ((Pages.TryFromCache(_state) ?? await Pages.CompareForFirstHtmlAsync(_state)) is { } cached)
            {
                _progress = ComparisonProgress.Of(cached);
                _report = cached;
                RebuildPanels();
            }

            return;
        }

        // Aggregation and layout only change how the fetched data is drawn: no new queries.
        if (_loadedFor is { } loaded && SameData(loaded, _state))
        {
            RebuildPanels();
            return;
        }

        // Everything in the cache (the first HTML carried it, or a reopened link): shown at once, with no loading state
        // in between.
        if (Pages.TryFromCache(_state) is { } ready)
        {
            var load = Loads.Begin(DashboardUrls.Compare(_state));
            if (!load.Commit("from the cache")) return;
            (_loadedFor, _fatal, _progress, _report) = (_state, null, ComparisonProgress.Of(ready), ready);
            _panelCache.Clear();
            _showAll.Clear();
            RebuildPanels();
            return;
        }

        await LoadAsync(_state);
    }

    // Fewer chart groups than were loaded need no new query; a group that was not loaded does.
    private bool SameData(CompareState loaded, CompareState next) =>
        loaded.Baseline.SequenceEqual(next.Baseline) && loaded.Candidate.SequenceEqual(next.Candidate) && loaded.From == next.From && loaded.To == next.To
        && next.EffectiveGroups(Pages.GroupKeys).All(loaded.EffectiveGroups(Pages.GroupKeys).Contains);

    private Task ReloadAsync() => _state is null ? Task.CompletedTask : LoadAsync(_state);

    /// <summary>
    /// Loads <paramref name="state"/>'s comparison. Navigation does not wait for a load: Blazor calls
    /// OnParametersSetAsync again while an earlier call is still awaiting, so an earlier load can finish (or fail) after
    /// a later one began. Every write below therefore checks that its load is still the latest one.
    /// </summary>
    private async Task LoadAsync(CompareState state)
    {
        var load = Loads.Begin(DashboardUrls.Compare(state));
        var progress = new ComparisonProgress();
        _loadedFor = state;
        _fatal = null;
        _report = null;
        _progress = progress;
        _panelCache.Clear();
        _showAll.Clear();
        _panels = [];
        progress.Changed += () => _ = InvokeAsync(() =>
        {
            if (!load.Commit("runs and charts")) return;
            RebuildPanels();
            StateHasChanged();
        });
        try
        {
            var report = await Pages.CompareAsync(state, progress, load.Token);
            if (!load.Commit("summary")) return;
            _report = report;
            RebuildPanels();
        }
        catch (OperationCanceledException) when (load.Token.IsCancellationRequested)
        {
            // Superseded or left: the newer load (or nothing) owns the page.
        }
        catch (UnknownRunsException ex)
        {
            if (!load.Commit("unknown-runs error")) return;
            _errors = [ex.Message + " The runs may have aged out of Prometheus' retention, or the link was cut."];
        }
        catch (DataSourceException ex)
        {
            if (!load.Commit("data-source error")) return;
            Fail(ex.Message);
        }
        catch (ArgumentException ex)
        {
            if (!load.Commit("argument error")) return;
            _errors = [ex.Message];
        }
        catch (Exception ex)
        {
            // Keep the circuit alive: log the details for the server, show one line to the person.
            Log.LogError(ex, "Comparison failed for {Url}", load.What);
            if (!load.Commit("failure")) return;
            Fail("The comparison could not be computed (" + ex.GetType().Name + "). The details are in the server log.");
        }
    }

    // The error replaces everything still waiting: no panel keeps spinning under it.
    private void Fail(string message)
    {
        _fatal = message;
        RebuildPanels();
    }

    private void RebuildPanels()
    {
        if (_state is null) return;
        var panels = Pages.Panels(_state, _progress, _panelCache, _showAll, holdCharts: Summary is null && _fatal is null);
        _panels = _fatal is null ? panels : ComparePageService.Stopped(panels);
    }

    // Panels whose every executor the person asked to see (this page only; not part of the link).
    private readonly HashSet<(string MetricId, MetricScope Scope)> _showAll = [];

    private void ShowAllExecutors(PanelViewModel panel)
    {
        if (panel.Chart is not { } chart) return;
        _showAll.Add((chart.MetricId, chart.Scope));
        RebuildPanels();
    }

    private void Navigate(CompareState state) => Nav.NavigateTo(EmbedContext.Link(Embed, DashboardUrls.Compare(state)));

    private void OnAggregationChanged(ExecutorAggregation a) => Navigate(_state! with { Aggregation = a });

    private void OnLayoutChanged(ChartLayout l) => Navigate(_state! with { Layout = l });

    private void OnRestPairChanged(RunPair pair) => Navigate(_state! with { Rest = pair });

    // All groups is the default: such a link does not name them.
    private void OnGroupsChanged(IReadOnlyList<string> groups) =>
        Navigate(_state! with { Groups = groups.Count == Pages.GroupKeys.Count ? null : groups });

    private void Swap() => Navigate(_state!.Swapped());

    private void BackToRuns() => Nav.NavigateTo(EmbedContext.Link(Embed, DashboardUrls.Runs(_state?.From, _state?.To)));

    private async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/sparktuner.js");

    private async Task CopyLinkAsync()
    {
        // Embedded, the link is the embedded view's under the proxy's prefix: the framing page's own origin serves it.
        var link = Nav.ToAbsoluteUri(EmbedContext.Link(Embed, DashboardUrls.Compare(_state!))).ToString();
        var ok = false;
        try
        {
            ok = await (await ModuleAsync()).InvokeAsync<bool>("copyText", link);
        }
        catch (JSException)
        {
        }
        Snackbar.Add(ok ? "Link copied: " + link : "Copy this link: " + link, ok ? Severity.Success : Severity.Info);
    }

    private async Task ExportCsvAsync()
    {
        if (Summary is not { } summary) return;
        var sw = new StringWriter();
        ComparisonCsv.Write(summary, sw);
        await (await ModuleAsync()).InvokeVoidAsync("downloadText", "sparktuner-comparison.csv", sw.ToString(), "text/csv");
    }

    public async ValueTask DisposeAsync()
    {
        _loads?.Dispose();
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); } catch (JSDisconnectedException) { }
        }
        GC.SuppressFinalize(this);
    }
}
