namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>Truth case <c>final-scrape</c> generated and loaded once into Prometheus and VictoriaMetrics.</summary>
public sealed class FinalScrapeFixture() : TruthCaseFixture("final-scrape");

/// <summary>Truth case <c>final-scrape</c>: the last scrape of each run (x.437 s, off the query step) carries its final stage: task time 50 s vs 15 s.</summary>
public sealed class FinalScrapeTruthTests(FinalScrapeFixture fx) : TruthCaseTests<FinalScrapeFixture>(fx)
{
    /// <summary>
    /// Task time, whose last scrape lies after the run's end, is reduced by Prometheus for both runs (so the
    /// identity test of the base class covers the closing scrape).
    /// </summary>
    [Fact]
    public async Task FetchReducedAsync_TaskTime_BothRunsReducedByPrometheus()
    {
        var reductions = await Fixture.ReductionsAsync();

        Assert.Equal((2, 0), reductions["task_time"]);
    }
}
