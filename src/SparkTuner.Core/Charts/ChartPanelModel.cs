using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Charts;

/// <summary>The two side names used in <see cref="ChartTrace.Side"/> and <see cref="ChartMarker.Side"/>.</summary>
public static class ChartSides
{
    /// <summary>The baseline side.</summary>
    public const string Baseline = "baseline";

    /// <summary>The candidate side.</summary>
    public const string Candidate = "candidate";

    /// <summary>Human label of a side: "Baseline" or "Candidate".</summary>
    public static string Label(string side) => side == Candidate ? "Candidate" : "Baseline";
}

/// <summary>The roles a trace plays in a panel (<see cref="ChartTrace.Role"/>).</summary>
public static class ChartRoles
{
    /// <summary>Mean over a side's runs (sides with two runs or more).</summary>
    public const string Mean = "mean";

    /// <summary>One run's line (the only line of a one-run side; hidden by default otherwise).</summary>
    public const string Run = "run";

    /// <summary>Lower edge of a side's min–max band (drawn before <see cref="BandHigh"/>).</summary>
    public const string BandLow = "band-low";

    /// <summary>Upper edge of a side's min–max band, filled down to <see cref="BandLow"/> ("tonexty").</summary>
    public const string BandHigh = "band-high";

    /// <summary>One executor of one run (aggregation "each").</summary>
    public const string Executor = "executor";
}

/// <summary>
/// One line of a chart panel, flat and ready for the browser: <see cref="X"/> is seconds since the run started,
/// <see cref="Y"/> is in the panel's display unit (see <see cref="ChartPanelModel.YAxisTitle"/>), already downsampled.
/// NaN in <see cref="Y"/> is a gap (the line breaks there).
/// </summary>
/// <param name="Name">Legend and hover name, e.g. "Baseline · mean", "Candidate · run 2".</param>
/// <param name="Side"><see cref="ChartSides.Baseline"/> or <see cref="ChartSides.Candidate"/>.</param>
/// <param name="Role">One of <see cref="ChartRoles"/>.</param>
/// <param name="X">Seconds since the run's start, ascending.</param>
/// <param name="Y">Values in display units; NaN marks a gap.</param>
/// <param name="Color">Line colour (#rrggbb).</param>
/// <param name="ShowInLegend">Whether the trace has its own legend entry.</param>
/// <param name="LegendGroup">Traces of a group toggle together from the legend; null for none.</param>
public sealed record ChartTrace(
    string Name,
    string Side,
    string Role,
    double[] X,
    double[] Y,
    string Color,
    bool ShowInLegend,
    string? LegendGroup)
{
    /// <summary>Line width in pixels (thin for executors and single runs of a group).</summary>
    public double LineWidth { get; init; } = 2;

    /// <summary>Plotly fill mode ("tonexty" on <see cref="ChartRoles.BandHigh"/>), null for none.</summary>
    public string? Fill { get; init; }

    /// <summary>Fill colour (semi-transparent side colour) when <see cref="Fill"/> is set.</summary>
    public string? FillColor { get; init; }

    /// <summary>False: drawn only after the legend entry is clicked (Plotly "legendonly").</summary>
    public bool Visible { get; init; } = true;
}

/// <summary>A side's peak, in display units, with its label (e.g. "peak 3.20 GiB").</summary>
public sealed record ChartMarker(string Side, double X, double Y, string Text, string Color);

/// <summary>
/// Everything one (metric, scope) chart shows, independent of the charting library. Built by <see cref="ChartPanelBuilder"/>.
/// </summary>
/// <param name="Title">Panel title, e.g. "Executor JVM heap · executors (sum)".</param>
/// <param name="MetricId">Logical metric id.</param>
/// <param name="Scope">Driver or executors.</param>
/// <param name="Unit">Unit of the underlying series (before display scaling).</param>
/// <param name="YAxisTitle">The display unit: "GiB", "MiB/s", "cores", "%", …</param>
/// <param name="Traces">Lines in drawing order (bands first, so "tonexty" fills to its own low edge).</param>
/// <param name="PeakMarkers">One peak per side that has data.</param>
/// <param name="Note">What the reader must know (running peak, counter increase, missing side); null when nothing.</param>
public sealed record ChartPanelModel(
    string Title,
    string MetricId,
    MetricScope Scope,
    MetricUnit Unit,
    string YAxisTitle,
    IReadOnlyList<ChartTrace> Traces,
    IReadOnlyList<ChartMarker> PeakMarkers,
    string? Note)
{
    /// <summary>True when neither side has anything to draw.</summary>
    public bool IsEmpty => Traces.Count == 0;

    /// <summary>Display value = raw value ÷ this factor (e.g. 2^30 for GiB, 0.01 for ratios shown in %).</summary>
    public double DisplayDivisor { get; init; } = 1;

    /// <summary>Executor lines left out ("each" shows the top executors of every run by their peak; the rest on demand).</summary>
    public int HiddenExecutors { get; init; }

    /// <summary>The same panel with only <paramref name="side"/>'s traces and marker (side-by-side layout).</summary>
    public ChartPanelModel ForSide(string side) => this with
    {
        Traces = Traces.Where(t => t.Side == side).ToList(),
        PeakMarkers = PeakMarkers.Where(m => m.Side == side).ToList(),
    };
}
