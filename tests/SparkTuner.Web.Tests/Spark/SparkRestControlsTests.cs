using Bunit;
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
    }

    [Fact]
    public void PlanDiffView_CachedCandidate_InMemoryLinesMarkedCandidateOnly()
    {
        var cut = Render<PlanDiffView>(p => p.Add(x => x.Pair, SparkRestSamples.Plans().Pairs[0]));

        var candidateOnly = cut.FindAll("[data-plan-only=candidate]").Select(e => e.TextContent).ToList();
        Assert.Contains(candidateOnly, t => t.StartsWith("InMemoryTableScan", StringComparison.Ordinal));
        Assert.Contains(candidateOnly, t => t.StartsWith("InMemoryRelation", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-side=baseline] [data-plan-only=candidate]"));
        Assert.Contains("CartesianProduct", cut.Find("[data-side=baseline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigDiffTable_Default_EqualHiddenSwitchShowsThem()
    {
        var cut = Render<ConfigDiffTable>(p => p.Add(x => x.Model, SparkRestSamples.Config()));

        Assert.Equal(2, cut.FindAll("[data-testid=config-row]").Count);
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
        Assert.NotNull(cut.Find("[data-testid=cached-data]"));
    }

    [Fact]
    public void SectionsView_Ready_RestTimesBesideMetricsTimes()
    {
        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, SparkRestSamples.Ready()));

        var baseline = cut.Find("[data-testid=spark-rest-runs] tr[data-side=baseline]").TextContent;
        Assert.Contains("2024-06-11 09:59:59.200", baseline, StringComparison.Ordinal);
        Assert.Contains("2024-06-11 10:00:00.000", baseline, StringComparison.Ordinal);
        Assert.Contains("first run of each side", cut.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-plan-only=candidate]"));
    }
}
