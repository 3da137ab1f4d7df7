using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Series;

public class BatchedReadTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Clusters_RunsWithinOneChunk_OneRead_FarApart_Separate()
    {
        var windows = new[]
        {
            (T0.AddHours(30), T0.AddHours(31)),
            (T0, T0.AddHours(1)),
            (T0.AddHours(2), T0.AddHours(3)),
        };
        var reads = RawSampleReader.Clusters(windows, TimeSpan.FromDays(1));
        Assert.Equal([(T0, T0.AddHours(3)), (T0.AddHours(30), T0.AddHours(31))], reads);
    }

    [Fact]
    public void Clusters_OverlappingLongWindows_Joined()
    {
        var reads = RawSampleReader.Clusters([(T0, T0.AddDays(2)), (T0.AddDays(1), T0.AddDays(3))], TimeSpan.FromDays(1));
        Assert.Equal([(T0, T0.AddDays(3))], reads);
    }

    [Fact]
    public void Cut_KeepsOnlyTheWindowInclusive()
    {
        var t = T0.ToUnixTimeSeconds();
        var s = new TimeSeries(new Dictionary<string, string>(), [t, t + 5.001, t + 10, t + 15], [1, 2, 3, 4]);
        var cut = RawSampleReader.Cut(s, T0.AddSeconds(5), T0.AddSeconds(10))!;
        Assert.Equal([t + 5.001, t + 10], cut.Timestamps);
        Assert.Equal([2.0, 3], cut.Values);
        Assert.Null(RawSampleReader.Cut(s, T0.AddSeconds(16), T0.AddSeconds(20)));
    }

    [Fact]
    public void CounterRates_ResetAndNaN_CountedLikeRate()
    {
        var s = new TimeSeries(new Dictionary<string, string>(), [0, 5, 10, 15, 20], [0, 10, double.NaN, 30, 5]);
        var rate = CounterRates.PerSecond(s);
        // 0→10 over 5 s; NaN skipped, 10→30 over 10 s; reset 30→5: the new value counts, over 5 s.
        Assert.Equal([5.0, 15, 20], rate.Timestamps);
        Assert.Equal([2.0, 2, 1], rate.Values);
    }
}
