using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

public class RunAlignmentTests
{
    [Fact]
    public void Align_DifferentStartsAndScrapeOffsets_GiveSecondsSinceRunStart()
    {
        // Run A starts at the epoch and is scraped at +3 s; run B starts 5000 s later, scraped at +7 s.
        var a = Run("a", startOffsetSeconds: 0, durationSeconds: 40);
        var b = Run("b", startOffsetSeconds: 5000, durationSeconds: 40);
        var alignedA = RunAlignment.Align(Ts(a, [3, 13, 23, 33], [1, 2, 3, 4]), a);
        var alignedB = RunAlignment.Align(Ts(b, [7, 17, 27, 37], [1, 2, 3, 4]), b);

        Assert.Equal([3, 13, 23, 33], alignedA.Seconds);
        Assert.Equal([7, 17, 27, 37], alignedB.Seconds);
        // Same shape, same step → same statistics whatever the wall clock: mean = (1+2+3)·10 / 30 = 2
        Assert.Equal(SeriesStatistics.Mean(alignedA), SeriesStatistics.Mean(alignedB));
        Assert.Equal(2, SeriesStatistics.Mean(alignedA));
    }

    [Fact]
    public void Align_SamplesBeforeStartOrAfterEnd_AreDropped()
    {
        var run = Run("r", durationSeconds: 30);
        var aligned = RunAlignment.Align(Ts(run, [-15, 0, 15, 30, 45], [9, 1, 2, 3, 9]), run);
        Assert.Equal([0, 15, 30], aligned.Seconds);
        Assert.Equal([1, 2, 3], aligned.Values);
    }

    [Fact]
    public void Align_NonFiniteSamples_AreSkippedAndCounted()
    {
        var run = Run("r", durationSeconds: 40);
        var aligned = RunAlignment.Align(Ts(run, [0, 10, 20, 30, 40], [2, double.NaN, 4, double.PositiveInfinity, 6]), run);
        Assert.Equal([0, 20, 40], aligned.Seconds);
        Assert.Equal(2, aligned.SkippedNonFinite);
    }

    [Fact]
    public void Aggregate_ExecutorStartingLateOnOffsetGrid_UsesUnionGridWithCarryForward()
    {
        // exec1 at 0,10,20,30 = 1 ; exec2 starts late, scraped at 15 and 25 = 2 (alive only in [15, 25])
        // union grid 0,10,15,20,25,30
        var e1 = new AlignedSeries("1", [0, 10, 20, 30], [1, 1, 1, 1], 0);
        var e2 = new AlignedSeries("2", [15, 25], [2, 2], 0);

        var sum = RunAlignment.Aggregate([e1, e2], ExecutorAggregation.Sum)[0];
        Assert.Equal([0, 10, 15, 20, 25, 30], sum.Seconds);
        // at 20 exec2 carries its 15 s value forward; at 30 it is past its last sample and contributes nothing
        Assert.Equal([1, 1, 3, 3, 3, 1], sum.Values);

        var max = RunAlignment.Aggregate([e1, e2], ExecutorAggregation.Max)[0];
        Assert.Equal([1, 1, 2, 2, 2, 1], max.Values);

        // mean over the executors alive at each grid point: exec2 does not drag the mean to 0 before it starts
        var mean = RunAlignment.Aggregate([e1, e2], ExecutorAggregation.Mean)[0];
        Assert.Equal([1, 1, 1.5, 1.5, 1.5, 1], mean.Values);

        var each = RunAlignment.Aggregate([e1, e2], ExecutorAggregation.Each);
        Assert.Equal(2, each.Count);
    }

    [Fact]
    public void Aggregate_SumOfLateExecutor_IntegralHoldsEachGridPointUntilNext()
    {
        // summed series 1,1,3,3,3,1 at 0,10,15,20,25,30 → 1·10 + 1·5 + 3·5 + 3·5 + 3·5 = 60 ; mean 60/30 = 2
        var e1 = new AlignedSeries("1", [0, 10, 20, 30], [1, 1, 1, 1], 0);
        var e2 = new AlignedSeries("2", [15, 25], [2, 2], 0);
        var sum = RunAlignment.Aggregate([e1, e2], ExecutorAggregation.Sum)[0];
        Assert.Equal(60, SeriesStatistics.Integral(sum));
        Assert.Equal(2, SeriesStatistics.Mean(sum));
    }

    [Fact]
    public void Aggregate_AllEmpty_ReturnsEmptySeries()
    {
        var sum = RunAlignment.Aggregate([AlignedSeries.Empty("1", 3)], ExecutorAggregation.Sum)[0];
        Assert.True(sum.IsEmpty);
        Assert.Equal(3, sum.SkippedNonFinite);
    }
}
