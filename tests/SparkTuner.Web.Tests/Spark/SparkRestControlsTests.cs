using Bunit;
using SparkTuner.Core.Spark;
using SparkTuner.Core.Runs;
using SparkTuner.Web.Components.Controls.Spark;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Spark;

public sealed class SparkRestControlsTests : BunitTestContext
{
    [Fact]
    public void StageTable_MatchedAndUnmatched_BiggestDifferenceFirstUnmatchedListed()
    {
        var cut = Render<StageTable>(p => p.Add(x => x.Comparison, SparkRestSamples.Stages()));

        var rows = cut.FindAll("[data-testid=stage-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("count at x.py:31", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-success-text", rows[0].QuerySelector("[data-rip=duration]")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("RIP 0.50", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("only here", cut.Find("[data-testid=stage-unmatched]").TextContent, StringComparison.Ordinal);

        // No spill anywhere, and no shuffle in the x.py:24 stage: a quiet dash, not "0 B → 0 B, RIP 0.00".
        string[] Nothing(AngleSharp.Dom.IElement row) => row.QuerySelectorAll("[data-nothing]").Select(e => e.GetAttribute("data-nothing")!).ToArray();
        Assert.Equal([StageMetricNames.MemorySpilled, StageMetricNames.DiskSpilled], Nothing(rows[0]));
        Assert.NotNull(rows[0].QuerySelector($"[data-rip={StageMetricNames.ShuffleRead}]"));
        Assert.Equal([StageMetricNames.ShuffleRead, StageMetricNames.ShuffleWrite, StageMetricNames.MemorySpilled, StageMetricNames.DiskSpilled], Nothing(rows[1]));
        Assert.All(rows[1].QuerySelectorAll("[data-nothing]"), e => Assert.Equal("—", e.TextContent.Trim()));
        Assert.Equal("0 on both sides", rows[1].QuerySelector("[data-nothing]")!.GetAttribute("title"));
    }

    [Fact]
    public void PlanDiffView_CachedCandidate_InMemoryLinesMarkedCandidateOnly()
    {
        var cut = Render<PlanDiffView>(p => p.Add(x => x.Pair, SparkRestSamples.Plans().Pairs[0]));

        var candidateOnly = cut.FindAll("[data-plan-only=candidate]").Select(e => e.TextContent).ToList();
        // Each line keeps Spark's own tree drawing in front of the normalised operator.
        Assert.Contains(":- InMemoryTableScan [A]", candidateOnly);
        Assert.Contains(":     +- InMemoryRelation [A], StorageLevel(memory)", candidateOnly);
        Assert.Empty(cut.FindAll("[data-side=baseline] [data-plan-only=candidate]"));
        Assert.Contains("CartesianProduct", cut.Find("[data-side=baseline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigDiffTable_Default_EqualHiddenSwitchShowsThem()
    {
        var cut = Render<ConfigDiffTable>(p => p.Add(x => x.Model, SparkRestSamples.Config()));

        Assert.Equal(2, cut.FindAll("[data-testid=config-row]").Count);
        Assert.Contains("2 properties differ, 2 equal.", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("spark.executor.memory", cut.Find("[data-testid=config-diff]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=show-equal] input").Change(true);

        Assert.Equal(4, cut.FindAll("[data-testid=config-row]").Count);
        Assert.Contains("spark.executor.memory", cut.Find("[data-testid=config-diff]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CachedDataTable_CachedCandidate_RowsPartitionsAndSizes()
    {
        var cut = Render<CachedDataTable>(p => p.Add(x => x.Model, SparkRestSamples.Cached()));

        var rows = cut.FindAll("[data-testid=cached-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("3.00 GiB", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("12 / 16", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("3.50 GiB", cut.Find("[data-testid=cached-total]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing cached", cut.Find("tr[data-side=baseline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsView_NotConfigured_ExplainsHowToAddAnEndpoint()
    {
        var model = new SparkRestViewModel(SparkRestStatus.NotConfigured, SparkRestViewModel.HowToConfigure,
            SparkRestSamples.Run("baseline", false), SparkRestSamples.Run("candidate", false));

        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, model));

        var text = cut.Find("[data-testid=spark-rest-not-configured]").TextContent;
        Assert.Contains("SparkRest__BaseUrl", text, StringComparison.Ordinal);
        Assert.Contains("SparkRest:BaseUrl", text, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=stage-table]"));
    }

    [Fact]
    public void SectionsView_Unreachable_MessageShown()
    {
        var model = new SparkRestViewModel(SparkRestStatus.Unreachable, "Spark REST: cannot reach http://127.0.0.1:1/api/v1/applications/app-b",
            SparkRestSamples.Run("baseline", false), SparkRestSamples.Run("candidate", false));

        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, model));

        Assert.Contains("cannot reach", cut.Find("[data-testid=spark-rest-unreachable]").TextContent, StringComparison.Ordinal);
        Assert.Contains("not linked", cut.Find("[data-testid=spark-rest-runs]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsView_OneSectionFailed_OthersStillRendered()
    {
        var model = SparkRestSamples.Ready() with { Plans = new(null, "Spark REST: http://h/api/v1/applications/app-c/sql answered HTTP 500") };

        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, model));

        Assert.Contains("HTTP 500", cut.Find("[data-testid=spark-rest-section-error]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=stage-row]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=config-row]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=cached-row]"));
    }

    [Fact]
    public void SectionsView_Ready_RestTimesBesideMetricsTimes()
    {
        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, SparkRestSamples.Ready()));

        var baseline = cut.Find("[data-testid=spark-rest-runs] tr[data-side=baseline]").TextContent;
        Assert.Contains("2024-06-11 09:59:59.200", baseline, StringComparison.Ordinal);
        Assert.Contains("2024-06-11 10:00:00.000", baseline, StringComparison.Ordinal);
        Assert.Contains("for one run of each side.", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rest-run-pickers]"));
        Assert.NotEmpty(cut.FindAll("[data-plan-only=candidate]"));
    }

    [Fact]
    public async Task SectionsView_ThreeBaselineRuns_PickerListsThemAndRaisesTheNewPair()
    {
        var t0 = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        SparkRun Run(string id, int seconds) => new(id, "job", t0, t0.AddSeconds(seconds), 4, "v");
        RunPair? raised = null;
        var cut = Render<SparkRestSectionsView>(p => p
            .Add(x => x.Model, SparkRestSamples.Ready())
            .Add(x => x.BaselineRuns, [Run("spark-b1", 260), Run("spark-b2", 269), Run("spark-b3", 257)])
            .Add(x => x.CandidateRuns, [Run("spark-c1", 170)])
            .Add(x => x.Pair, new RunPair(0, 0))
            .Add(x => x.PairChanged, (RunPair pair) => raised = pair));

        Assert.Contains("pick which", cut.Markup, StringComparison.Ordinal);
        var selects = cut.FindComponents<MudBlazor.MudSelect<int>>();
        Assert.Equal(2, selects.Count);
        Assert.False(selects[0].Instance.Disabled);
        Assert.True(selects[1].Instance.Disabled, "a side with one run has nothing to pick");
        Assert.Contains("1 · spark-b1 · 4 min 20 s", selects[0].Markup, StringComparison.Ordinal);
        Assert.Contains("1 · spark-c1 · 2 min 50 s", selects[1].Markup, StringComparison.Ordinal);

        await cut.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(2));
        Assert.Equal(new RunPair(2, 0), raised);
    }
}
