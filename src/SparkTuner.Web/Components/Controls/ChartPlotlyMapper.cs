using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using SparkTuner.Core.Charts;

namespace SparkTuner.Web.Components.Controls;

/// <summary>
/// Turns a library-neutral <see cref="ChartPanelModel"/> into Plotly.Blazor objects: SVG <c>scatter</c> lines (never
/// <c>scattergl</c>), hover "x unified", peaks as annotations. NaN becomes null so Plotly breaks the line there.
/// </summary>
public static class ChartPlotlyMapper
{
    /// <summary>The x axis title of every panel.</summary>
    public const string XAxisTitle = "seconds since run start";

    /// <summary>The Plotly traces of <paramref name="chart"/>, in its drawing order.</summary>
    public static List<ITrace> Traces(ChartPanelModel chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.Traces.Select(ITrace (t) => new Scatter
        {
            Name = t.Name,
            Mode = ModeFlag.Lines,
            X = t.X.Select(x => (object)x).ToList(),
            Y = t.Y.Select(y => double.IsFinite(y) ? (object)y : null!).ToList(),
            Line = new Line { Color = t.Color, Width = (decimal)t.LineWidth },
            ShowLegend = t.ShowInLegend,
            LegendGroup = t.LegendGroup,
            LegendGroupTitle = t.Role == ChartRoles.Executor && t.ShowInLegend
                ? new LegendGroupTitle { Text = ChartSides.Label(t.Side) + " executors" }
                : null,
            Fill = t.Fill == "tonexty" ? FillEnum.ToNextY : null,
            FillColor = t.FillColor,
            Visible = t.Visible ? null : VisibleEnum.LegendOnly,
            ConnectGaps = false,
        }).ToList();
    }

    private const string Transparent = "rgba(0,0,0,0)";
    private const string LightInk = "#374151";
    private const string DarkInk = "#d1d5db";
    private const string LightGrid = "#e5e7eb";
    private const string DarkGrid = "rgba(255,255,255,0.14)";
    private const string LightSurface = "#ffffff";
    private const string DarkSurface = "#2b2d3a";

    /// <summary>The layout: fixed height, unified hover, axis titles, legend on top, one annotation per peak.</summary>
    public static Plotly.Blazor.Layout Layout(ChartPanelModel chart, int height, bool dark = false)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var ink = dark ? DarkInk : LightInk;
        var grid = dark ? DarkGrid : LightGrid;
        return new Plotly.Blazor.Layout
        {
            Height = height,
            // Transparent: the panel's own surface shows through, in either theme.
            PaperBgColor = Transparent,
            PlotBgColor = Transparent,
            Font = new Plotly.Blazor.LayoutLib.Font { Color = ink },
            // The unified hover box would take the (transparent) paper colour: give it a solid one.
            HoverLabel = new Plotly.Blazor.LayoutLib.HoverLabel { BgColor = dark ? DarkSurface : LightSurface, Font = new Plotly.Blazor.LayoutLib.HoverLabelLib.Font { Color = ink } },
            AutoSize = true,
            Margin = new Margin { L = 60, R = 20, T = 20, B = 112 },
            HoverMode = HoverModeEnum.XUnified,
            ShowLegend = true,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.28m, X = 0, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Top, Font = new Plotly.Blazor.LayoutLib.LegendLib.Font { Size = 11 } }],
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = XAxisTitle }, ZeroLine = false, RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.NonNegative, GridColor = grid, LineColor = grid }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = chart.YAxisTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero, GridColor = grid, LineColor = grid, ZeroLineColor = grid }],
            Annotations = chart.PeakMarkers.Select((m, i) => new Annotation
            {
                X = m.X,
                Y = m.Y,
                Text = m.Text,
                ShowArrow = true,
                ArrowColor = m.Color,
                Ax = 0,
                Ay = -24 - 18 * i,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = m.Color, Size = 11 },
            }).ToList(),
        };
    }

    /// <summary>The chart config: responsive, no Plotly logo.</summary>
    public static Config Config() => new() { Responsive = true, DisplayLogo = false };
}
