using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Snapshots;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Components.Pages;

/// <summary>
/// A snapshot at <c>/s/{id}</c>: the Compare page's controls fed from the stored snapshot, never from Prometheus or
/// Spark. Its view options (aggregation, layout, groups) are in its URL like a compare link's. Rendered in full on the
/// server's first answer (the snapshot is one database read).
/// </summary>
public partial class Snapshot : IAsyncDisposable
{
    [Inject] private SnapshotService Snapshots { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<Snapshot> Log { get; set; } = default!;

    /// <summary>The snapshot id from the route.</summary>
    [Parameter] public string Id { get; set; } = "";

    // Only so Blazor calls OnParametersSetAsync when the view options change.
    [SupplyParameterFromQuery(Name = "groups")] public string? GroupsParam { get; set; }
    [SupplyParameterFromQuery(Name = "agg")] public string? AggParam { get; set; }
    [SupplyParameterFromQuery(Name = "layout")] public string? LayoutParam { get; set; }

    private ComparisonSnapshot? _snapshot;
    private CompareState? _state;
    private SparkRestViewModel? _rest;
    private IReadOnlyList<PanelGroupViewModel> _panels = [];
    private string? _error;
    private IJSObjectReference? _module;

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        if (_snapshot?.Id != Id)
        {
            _snapshot = null;
            try
            {
                _snapshot = await Snapshots.GetAsync(Id, CancellationToken.None);
            }
            catch (SnapshotFormatException ex)
            {
                _error = ex.Message;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep the circuit alive: details for the server log, one line for the person.
                Log.LogError(ex, "Snapshot {Id} could not be read", Id);
                _error = $"The snapshot store could not be read ({ex.GetType().Name}). The details are in the server log.";
                return;
            }
            if (_snapshot is null)
            {
                _error = $"There is no snapshot '{(Id.Length > 40 ? Id[..40] + "…" : Id)}'. It may have been deleted, or removed by retention.";
                return;
            }
            _rest = SnapshotService.SparkRest(_snapshot);
        }

        var uri = Nav.ToAbsoluteUri(Nav.Uri);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        var (state, errors) = SnapshotUrls.Parse(_snapshot, query, SnapshotUrls.GroupKeys(_snapshot));
        if (state is null || errors.Count > 0)
        {
            _error = string.Join(" ", errors);
            return;
        }
        _state = state;
        _panels = SnapshotService.Panels(_snapshot, state, SnapshotUrls.GroupKeys(_snapshot));
    }

    // The live comparison of the same runs, range and view (it works while Prometheus still has the runs).
    private static CompareState LiveState(ComparisonSnapshot s) => new(s.Link.Baseline, s.Link.Candidate, s.Link.From, s.Link.To,
        s.Link.Groups.Count == s.Groups.Count ? null : s.Link.Groups, s.Link.Aggregation,
        s.Link.SideBySide ? ChartLayout.SideBySide : ChartLayout.Overlay, new RunPair(s.Link.RestBaseline, s.Link.RestCandidate));

    private void Navigate(CompareState state) => Nav.NavigateTo(SnapshotUrls.Of(Id, state));

    private async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/sparktuner.js");

    private async Task CopyLinkAsync()
    {
        var link = Nav.ToAbsoluteUri(SnapshotUrls.Of(Id, _state)).ToString();
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
        if (_snapshot is null) return;
        var sw = new StringWriter();
        ComparisonCsv.Write(_snapshot.Result, sw);
        await (await ModuleAsync()).InvokeVoidAsync("downloadText", "sparktuner-snapshot.csv", sw.ToString(), "text/csv");
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); } catch (JSDisconnectedException) { }
        }
        GC.SuppressFinalize(this);
    }
}
