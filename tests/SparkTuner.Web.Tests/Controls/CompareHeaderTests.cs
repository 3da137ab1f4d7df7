using Bunit;
using SparkTuner.Core.Catalog;
using SparkTuner.Web.Components.Controls;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Controls;

public class CompareHeaderTests : BunitTestContext
{
    private readonly List<string> _events = [];

    private IRenderedComponent<CompareHeader> RenderHeader() => Render<CompareHeader>(p => p
        .Add(h => h.Baseline, Samples.Baseline)
        .Add(h => h.Candidate, Samples.Candidate)
        .Add(h => h.Aggregation, ExecutorAggregation.Sum)
        .Add(h => h.AggregationChanged, a => _events.Add("agg:" + a))
        .Add(h => h.Layout, ChartLayout.Overlay)
        .Add(h => h.LayoutChanged, l => _events.Add("layout:" + l))
        .Add(h => h.OnSwap, () => _events.Add("swap"))
        .Add(h => h.OnBack, () => _events.Add("back"))
        .Add(h => h.OnCopyLink, () => _events.Add("copy")));

    [Fact]
    public void CompareHeader_Sides_ShowLabelsRunsAndRange()
    {
        var cut = RenderHeader();

        var baseline = cut.Find("[data-side='baseline']");
        Assert.Contains("no cache", baseline.TextContent);
        Assert.Contains("3 runs", baseline.TextContent);
        Assert.Contains("app-b2", baseline.TextContent);
        Assert.Contains("2024-06-11 10:00:00 – 2024-06-11 10:25:00 UTC", baseline.TextContent);
        Assert.Equal(3, cut.FindAll("[data-side='candidate'] li[data-run]").Count);
    }

    [Fact]
    public void CompareHeader_Buttons_RaiseSwapBackAndCopy()
    {
        var cut = RenderHeader();

        cut.Find("button#swap-sides").Click();
        cut.Find("button#copy-link").Click();
        cut.Find("button#back-to-runs").Click();

        Assert.Equal(["swap", "copy", "back"], _events);
        Assert.Equal("Swap baseline and candidate", cut.Find("#swap-sides").GetAttribute("aria-label"));
    }

    [Fact]
    public void CompareHeader_Aggregation_RaisesChosenValueOnly()
    {
        var cut = RenderHeader();

        cut.Find("button[data-aggregation='sum']").Click();
        cut.Find("button[data-aggregation='each']").Click();
        cut.Find("button[data-layout='side']").Click();

        Assert.Equal(["agg:Each", "layout:SideBySide"], _events);
        Assert.Equal("true", cut.Find("button[data-aggregation='sum']").GetAttribute("aria-pressed"));
    }
}
