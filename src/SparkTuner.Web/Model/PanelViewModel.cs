using SparkTuner.Core.Charts;

namespace SparkTuner.Web.Model;

/// <summary>Where a chart panel stands.</summary>
public enum PanelStatus
{
    /// <summary>Queries are running.</summary>
    Loading,
    /// <summary><see cref="PanelViewModel.Chart"/> is set and has traces.</summary>
    Ready,
    /// <summary>A query failed; <see cref="PanelViewModel.Error"/> says why.</summary>
    Error,
    /// <summary>The queries answered, but no run has a sample.</summary>
    Empty,
    /// <summary>The exporter profile has no query for this metric.</summary>
    NotAvailable,
}

/// <summary>
/// What one chart panel shows: a title, a status and, when ready, the chart. <see cref="Queries"/> are the PromQL
/// texts behind the panel (shown in the error state's expert section).
/// </summary>
public sealed record PanelViewModel(string Title, PanelStatus Status, ChartPanelModel? Chart = null, string? Error = null)
{
    /// <summary>The PromQL queries of the panel (may be empty).</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    /// <summary>Panel queries are running.</summary>
    public static PanelViewModel Loading(string title, IReadOnlyList<string>? queries = null) =>
        new(title, PanelStatus.Loading) { Queries = queries ?? [] };

    /// <summary>A built chart; an empty chart becomes <see cref="PanelStatus.Empty"/>.</summary>
    public static PanelViewModel Ready(ChartPanelModel chart, IReadOnlyList<string>? queries = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return new(chart.Title, chart.IsEmpty ? PanelStatus.Empty : PanelStatus.Ready, chart) { Queries = queries ?? [] };
    }

    /// <summary>A failed query, with its message and the queries.</summary>
    public static PanelViewModel Failed(string title, string error, IReadOnlyList<string>? queries = null) =>
        new(title, PanelStatus.Error, Error: error) { Queries = queries ?? [] };

    /// <summary>The exporter does not provide this metric.</summary>
    public static PanelViewModel NotAvailable(string title) => new(title, PanelStatus.NotAvailable);

    /// <summary>The same panel restricted to one side (side-by-side layout); other states are unchanged.</summary>
    public PanelViewModel ForSide(string side) => Chart is null
        ? this
        : this with { Chart = Chart.ForSide(side), Title = $"{Title} · {ChartSides.Label(side)}" };
}
