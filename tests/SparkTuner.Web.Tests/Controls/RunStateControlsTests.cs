using Bunit;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Web.Components.Controls;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Controls;

/// <summary>The Compare page's header and summary table when a compared run is still running.</summary>
public class RunStateControlsTests : BunitTestContext
{
    private static SideInfo CandidateWithRunningC2 =>
        Samples.Candidate with { Runs = Samples.Candidate.Runs.Select(r => r.Id == "c2" ? r with { State = RunState.Running } : r).ToList() };

    [Fact]
    public void CompareHeader_RunningRun_ChipOnThatRunOnly()
    {
        var cut = Render<CompareHeader>(p => p
            .Add(h => h.Baseline, Samples.Baseline)
            .Add(h => h.Candidate, CandidateWithRunningC2)
            .Add(h => h.Aggregation, ExecutorAggregation.Sum)
            .Add(h => h.Layout, ChartLayout.Overlay));

        var running = cut.Find("li[data-run='c2']");
        Assert.Equal("running", running.GetAttribute("data-state"));
        Assert.Equal("running", running.QuerySelector(".run-state-running")!.TextContent.Trim());
        Assert.Single(cut.FindAll(".run-state-running"));
        Assert.Equal("completed", cut.Find("li[data-run='c1']").GetAttribute("data-state"));
    }

    [Fact]
    public void SummaryTable_RunningRun_EveryRowFlaggedPartialNamingIt()
    {
        var result = Samples.Typical() with { Candidate = CandidateWithRunningC2 };

        var cut = Render<SummaryTable>(p => p.Add(t => t.Result, result));

        var rows = cut.FindAll("tr[data-metric]");
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal("true", r.GetAttribute("data-partial")));
        var chip = cut.Find("tr[data-metric='duration_seconds'] .partial-chip");
        Assert.Equal("partial", chip.TextContent.Trim());
        Assert.Contains("run c2 is still running", chip.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryTable_AllCompleted_NoPartialFlag()
    {
        var cut = Render<SummaryTable>(p => p.Add(t => t.Result, Samples.Typical()));

        Assert.All(cut.FindAll("tr[data-metric]"), r => Assert.Equal("false", r.GetAttribute("data-partial")));
        Assert.Empty(cut.FindAll(".partial-chip"));
    }
}
