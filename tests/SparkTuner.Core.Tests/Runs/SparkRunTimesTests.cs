using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Tests.Runs;

public class SparkRunTimesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly SparkRun Metrics = new("spark-1", "job", T0.AddSeconds(5), T0.AddSeconds(255), 4, "noncached");

    [Fact]
    public void WithSparkTimes_Plausible_SparksClockBecomesTheTruth()
    {
        var run = Metrics.WithSparkTimes(T0, T0.AddSeconds(260));
        Assert.Equal(T0, run.Start);
        Assert.Equal(260, run.Duration.TotalSeconds);
        Assert.Equal("spark-rest", run.TimesFrom);
        Assert.Equal("metrics", Metrics.TimesFrom);
    }

    public static TheoryData<DateTimeOffset?, DateTimeOffset?> Implausible() => new()
    {
        { null, T0.AddSeconds(260) },                     // still running or unknown start
        { T0, null },
        { T0.AddSeconds(100), T0.AddSeconds(100) },       // no duration
        { T0.AddSeconds(100), T0.AddSeconds(50) },        // ends before it starts
        { T0.AddDays(-1), T0.AddDays(-1).AddSeconds(260) }, // another run sharing the id: no overlap with the metrics
        { T0.AddSeconds(300), T0.AddSeconds(500) },
    };

    [Theory]
    [MemberData(nameof(Implausible))]
    public void WithSparkTimes_Implausible_MetricsTimesStay(DateTimeOffset? start, DateTimeOffset? end)
    {
        Assert.Same(Metrics, Metrics.WithSparkTimes(start, end));
    }
}
