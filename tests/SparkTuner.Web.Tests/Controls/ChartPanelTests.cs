using Bunit;
using SparkTuner.Core.Charts;
using SparkTuner.Web.Components.Controls;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Controls;

public class ChartPanelTests : BunitTestContext
{
    private IRenderedComponent<ChartPanel> RenderPanel(PanelViewModel panel) => Render<ChartPanel>(p => p.Add(c => c.Panel, panel));

    private IReadOnlyList<string> PlotlyCalls() => JSInterop.Invocations.Select(i => i.Identifier).ToList();

    [Fact]
    public void ChartPanel_Loading_ShowsSkeletonWithTitleAndNoPlot()
    {
        var cut = RenderPanel(PanelViewModel.Loading("Executor heap"));

        Assert.Equal("loading", cut.Find(".chart-panel").GetAttribute("data-panel-status"));
        Assert.Contains("Executor heap", cut.Find(".chart-panel-title").TextContent);
        Assert.NotEmpty(cut.FindAll(".mud-skeleton"));
        Assert.Contains("height:320px", cut.Find(".chart-panel-body").GetAttribute("style"));
        Assert.DoesNotContain("newPlot", PlotlyCalls());
    }

    [Fact]
    public void ChartPanel_Error_ShowsMessageAndFailedPromQl()
    {
        const string query = "sum by (application_id) (spark_executor_jvm_heap_used_bytes{application_id=\"app-1\"})";
        var cut = RenderPanel(PanelViewModel.Failed("Executor heap", "bad_data: parse error at char 12", [query]));

        Assert.Contains("parse error at char 12", cut.Find(".chart-panel-error").TextContent);
        Assert.Equal("PromQL", cut.Find(".chart-panel-promql summary").TextContent);
        Assert.Equal(query, cut.Find(".chart-panel-promql pre").TextContent);
    }

    [Theory]
    [InlineData(PanelStatus.Empty, "no data in these runs")]
    [InlineData(PanelStatus.NotAvailable, "not available with this exporter")]
    public void ChartPanel_NoChart_SaysWhy(PanelStatus status, string text)
    {
        var cut = RenderPanel(new PanelViewModel("GC time", status));

        Assert.Contains(text, cut.Find(".chart-panel-message").TextContent);
    }

    [Fact]
    public void ChartPanel_Ready_CallsPlotlyNewPlotWithScatterTraces()
    {
        var cut = RenderPanel(PanelViewModel.Ready(Samples.Chart()));

        cut.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
        var newPlot = JSInterop.Invocations.First(i => i.Identifier == "newPlot");
        var traces = ((IEnumerable<object?>)newPlot.Arguments[1]!).ToList();
        Assert.Equal(2, traces.Count);
        Assert.Contains("importScript", PlotlyCalls());
        var script = JSInterop.Invocations.First(i => i.Identifier == "importScript");
        Assert.Contains("plotly-basic", script.Arguments[1]!.ToString());
        var json = System.Text.Json.JsonSerializer.Serialize(traces);
        Assert.Contains("\"scatter\"", json);
        Assert.DoesNotContain("scattergl", json);
        Assert.Contains("Baseline \\u00B7 run 1", json); // the legend names the side
        Assert.Contains("null", json); // the NaN gap
    }

    [Fact]
    public void ChartPanel_ChartReplaced_RedrawsWithReact()
    {
        var cut = RenderPanel(PanelViewModel.Ready(Samples.Chart()));
        cut.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));

        cut.Render(p => p.Add(c => c.Panel, PanelViewModel.Ready(Samples.Chart("Executor heap · executors (max)", 5.5))));

        cut.WaitForAssertion(() => Assert.Contains("react", PlotlyCalls()));
        var react = JSInterop.Invocations.Last(i => i.Identifier == "react");
        var layout = System.Text.Json.JsonSerializer.Serialize(react.Arguments[2]);
        Assert.Contains("peak 5.50 GiB", layout);
    }

    private static ChartPanelModel Heavy(int traces)
    {
        var sample = Samples.Chart();
        var one = sample.Traces[0];
        return sample with { Traces = Enumerable.Range(0, traces).Select(i => one with { Name = $"executor {i}" }).ToList() };
    }

    [Fact]
    public async Task ChartPanel_HundredsOfTraces_DrawnOnlyOnceNearTheViewport()
    {
        var module = JSInterop.SetupModule("./js/sparktuner.js");
        module.SetupVoid("observeVisible", _ => true).SetVoidResult();
        var cut = RenderPanel(PanelViewModel.Ready(Heavy(DrawnAtOnceTraces + 1)));

        // Not drawn yet: a placeholder of the same height, watched by the browser's IntersectionObserver.
        Assert.Equal("false", cut.Find(".chart-panel").GetAttribute("data-drawn"));
        Assert.Contains("61 lines: drawn when scrolled into view", cut.Find(".chart-panel-deferred").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("newPlot", PlotlyCalls());
        cut.WaitForAssertion(() => module.VerifyInvoke("observeVisible"));

        await cut.InvokeAsync(() => cut.Instance.BecameVisible());

        Assert.Equal("true", cut.Find(".chart-panel").GetAttribute("data-drawn"));
        cut.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
        var newPlot = JSInterop.Invocations.First(i => i.Identifier == "newPlot");
        Assert.Equal(61, ((IEnumerable<object?>)newPlot.Arguments[1]!).Count());
    }

    [Fact]
    public void ChartPanel_AtTheThreshold_DrawnAtOnce()
    {
        var cut = RenderPanel(PanelViewModel.Ready(Heavy(DrawnAtOnceTraces)));

        Assert.Equal("true", cut.Find(".chart-panel").GetAttribute("data-drawn"));
        Assert.Empty(cut.FindAll(".chart-panel-deferred"));
        cut.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
    }

    [Fact]
    public async Task ChartPanel_ProductDefault_EveryChartWaitsForTheViewport()
    {
        // appsettings.json's value and the option's default: 0, so even a two-line chart is drawn only near the viewport.
        Assert.Equal(0, new ChartDrawingOptions().DrawWhenVisibleAboveTraces);
        Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<ChartDrawingOptions>(Services, o => o.DrawWhenVisibleAboveTraces = 0);
        var module = JSInterop.SetupModule("./js/sparktuner.js");
        module.SetupVoid("observeVisible", _ => true).SetVoidResult();
        var cut = RenderPanel(PanelViewModel.Ready(Samples.Chart()));

        Assert.Equal("false", cut.Find(".chart-panel").GetAttribute("data-drawn"));
        Assert.Contains("2 lines: drawn when scrolled into view", cut.Find(".chart-panel-deferred").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => module.VerifyInvoke("observeVisible"));
        Assert.DoesNotContain("newPlot", PlotlyCalls());

        await cut.InvokeAsync(() => cut.Instance.BecameVisible());

        cut.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
        Assert.Equal("true", cut.Find(".chart-panel").GetAttribute("data-drawn"));
    }

    [Fact]
    public void Mapper_Layout_UnifiedHoverAxisTitlesAndPeakAnnotation()
    {
        var layout = ChartPlotlyMapper.Layout(Samples.Chart(), 320);

        Assert.Equal(Plotly.Blazor.LayoutLib.HoverModeEnum.XUnified, layout.HoverMode);
        Assert.Equal(ChartPlotlyMapper.XAxisTitle, layout.XAxis[0].Title.Text);
        Assert.Equal("GiB", layout.YAxis[0].Title.Text);
        Assert.Equal("peak 3.20 GiB", Assert.Single(layout.Annotations).Text);
        Assert.Equal(320, layout.Height);
        var config = ChartPlotlyMapper.Config();
        Assert.True(config.Responsive);
        Assert.False(config.DisplayLogo);
    }

    [Fact]
    public void Mapper_Layout_DarkThemeLightInkTransparentPaperSolidHoverBox()
    {
        var light = ChartPlotlyMapper.Layout(Samples.Chart(), 320);
        var dark = ChartPlotlyMapper.Layout(Samples.Chart(), 320, dark: true);

        Assert.Equal("#374151", light.Font.Color);
        Assert.Equal("#d1d5db", dark.Font.Color);
        Assert.Equal("rgba(0,0,0,0)", dark.PaperBgColor);
        Assert.Equal("rgba(0,0,0,0)", dark.PlotBgColor);
        Assert.Equal("#2b2d3a", dark.HoverLabel.BgColor);
        Assert.NotEqual(light.XAxis[0].GridColor, dark.XAxis[0].GridColor);
    }

    [Fact]
    public void Mapper_Band_HighEdgeFillsToNextY()
    {
        var chart = Samples.Chart() with
        {
            Traces =
            [
                new ChartTrace("Baseline · min", ChartSides.Baseline, ChartRoles.BandLow, [0, 1], [1, 1], ChartColors.Baseline, false, ChartSides.Baseline),
                new ChartTrace("Baseline · max", ChartSides.Baseline, ChartRoles.BandHigh, [0, 1], [2, 2], ChartColors.Baseline, false, ChartSides.Baseline)
                    { Fill = "tonexty", FillColor = "rgba(76,120,168,0.2)" },
                new ChartTrace("Baseline · run 1", ChartSides.Baseline, ChartRoles.Run, [0, 1], [1, 2], ChartColors.Baseline, true, null) { Visible = false },
            ],
        };

        var traces = ChartPlotlyMapper.Traces(chart).Cast<Plotly.Blazor.Traces.Scatter>().ToList();

        Assert.Null(traces[0].Fill);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, traces[1].Fill);
        Assert.Equal("rgba(76,120,168,0.2)", traces[1].FillColor);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.VisibleEnum.LegendOnly, traces[2].Visible);
    }
}
