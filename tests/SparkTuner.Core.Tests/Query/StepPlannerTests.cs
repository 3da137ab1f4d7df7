using SparkTuner.Core.Query;

namespace SparkTuner.Core.Tests.Query;

public class StepPlannerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Theory]
    // range seconds, points, scrape seconds, expected step seconds
    [InlineData(3600, 1000, 15, 15)]     // 3.6s raw < scrape → 15s
    [InlineData(3600, 100, 15, 60)]      // 36s → 1m
    [InlineData(3600, 1000, 1, 5)]       // 3.6s → 5s
    [InlineData(86400, 1000, 15, 120)]   // 86.4s → 2m
    [InlineData(600, 1000, 5, 5)]
    [InlineData(7 * 86400, 500, 30, 1800)] // 1209.6s → 30m
    [InlineData(0, 100, 15, 15)]
    public void Plan_Table_StepIsNiceAndAtLeastScrape(int rangeSeconds, int points, int scrapeSeconds, int expectedStep)
    {
        var plan = StepPlanner.Plan(T0, T0.AddSeconds(rangeSeconds), points, TimeSpan.FromSeconds(scrapeSeconds));
        Assert.Equal(TimeSpan.FromSeconds(expectedStep), plan.Step);
    }

    [Fact]
    public void Plan_UnalignedRange_FloorsStartCeilsEnd()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_007);
        var end = DateTimeOffset.FromUnixTimeSeconds(1_700_000_893);
        var plan = StepPlanner.Plan(start, end, 100, TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Step);
        Assert.Equal(0, plan.Start.ToUnixTimeSeconds() % 10);
        Assert.Equal(0, plan.End.ToUnixTimeSeconds() % 10);
        Assert.Equal(1_700_000_000, plan.Start.ToUnixTimeSeconds());
        Assert.Equal(1_700_000_900, plan.End.ToUnixTimeSeconds());
        Assert.True(plan.Step >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Plan_ManyWantedPoints_CappedAt11000()
    {
        var plan = StepPlanner.Plan(T0, T0.AddDays(1), 1_000_000, TimeSpan.FromSeconds(1));
        Assert.True(plan.Points <= StepPlanner.MaxPointsPerSeries);
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Step);
    }

    [Fact]
    public void Plan_LongRangeAtMinimumStep_IncreasesStep()
    {
        var plan = StepPlanner.Plan(T0, T0.AddDays(30), 20_000, TimeSpan.FromSeconds(15));
        Assert.True(plan.Points <= StepPlanner.MaxPointsPerSeries);
        Assert.Equal(TimeSpan.FromMinutes(5), plan.Step);
    }

    [Fact]
    public void Plan_EndBeforeStart_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => StepPlanner.Plan(T0, T0.AddSeconds(-1), 100, TimeSpan.FromSeconds(15)));
        Assert.Contains("before", ex.Message);
        Assert.Contains(T0.ToString("O"), ex.Message);
    }

    [Fact]
    public void Plan_FullResolutionTooLong_ThrowsNamingRangeAndLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() => StepPlanner.Plan(T0, T0.AddDays(3), 100, TimeSpan.FromSeconds(15), requireFullResolution: true));
        Assert.Contains("11000", ex.Message);
        Assert.Contains(T0.ToString("O"), ex.Message);
    }

    [Fact]
    public void Plan_FullResolution_StepIsScrapeInterval()
    {
        var plan = StepPlanner.Plan(T0, T0.AddHours(1), 10, TimeSpan.FromSeconds(15), requireFullResolution: true);
        Assert.Equal(TimeSpan.FromSeconds(15), plan.Step);
        Assert.False(plan.NeedsPeakWrapping);
    }

    [Theory]
    [InlineData(15, 15, 60)]
    [InlineData(15, 300, 300)]
    [InlineData(30, 60, 120)]
    public void RateWindow_Table_AtLeastFourScrapesAndStep(int scrape, int step, int expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), StepPlanner.RateWindow(TimeSpan.FromSeconds(scrape), TimeSpan.FromSeconds(step)));
    }

    [Fact]
    public void WrapPeak_PlainSelector_UsesRangeSelector()
    {
        var plan = new QueryPlan(T0, T0.AddHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));
        Assert.Equal("max_over_time(x{a=\"}\"}[1m])", StepPlanner.WrapPeak("x{a=\"}\"}", plan));
    }

    [Fact]
    public void WrapPeak_Expression_UsesSubquery()
    {
        var plan = new QueryPlan(T0, T0.AddHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));
        Assert.Equal("max_over_time((sum by (pod) (x))[1m:15s])", StepPlanner.WrapPeak("sum by (pod) (x)", plan));
    }

    [Fact]
    public void WrapPeak_StepEqualsScrape_Unchanged()
    {
        var plan = new QueryPlan(T0, T0.AddHours(1), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));
        Assert.Equal("x", StepPlanner.WrapPeak("x", plan));
    }
}
