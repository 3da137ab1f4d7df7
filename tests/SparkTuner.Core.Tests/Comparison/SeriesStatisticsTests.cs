using SparkTuner.Core.Comparison;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

public class SeriesStatisticsTests
{
    // t = 0, 10, 20, 30 ; v = 2, 4, 6, 4 (step-hold: each value holds until the next sample)
    private static readonly AlignedSeries s_series = Aligned([0, 10, 20, 30], [2, 4, 6, 4]);

    [Fact]
    public void Integral_StepHold_SumsValueTimesGapToNextSample()
    {
        // 2·10 + 4·10 + 6·10 = 120 (the last sample, 4 at t=30, ends the series and carries no weight)
        Assert.Equal(120, SeriesStatistics.Integral(s_series));
    }

    [Fact]
    public void Mean_StepHold_IsIntegralOverCoveredSpan()
    {
        // 120 / (30 − 0) = 4
        Assert.Equal(4, SeriesStatistics.Mean(s_series));
    }

    [Fact]
    public void Peak_Gauge_IsLargestSample()
    {
        Assert.Equal(6, SeriesStatistics.Peak(s_series));
    }

    [Fact]
    public void Quantile_P95_IsTimeWeighted()
    {
        // pieces sorted by value: (2, 10 s) (4, 10 s) (6, 10 s); total 30 s; 0.95·30 = 28.5 s reached only by 6
        Assert.Equal(6, SeriesStatistics.Quantile(s_series, 0.95));
        // 0.5·30 = 15 s: cumulative 10, 20 → reached by 4
        Assert.Equal(4, SeriesStatistics.Quantile(s_series, 0.5));
    }

    [Fact]
    public void Quantile_P95_WeightsByTimeNotSampleCount()
    {
        // value 1 holds 90 s, value 100 holds 5 s, then 1 again for 5 s → 100 occupies 5 % of 100 s; 1 covers 95 %
        var s = Aligned([0, 90, 95, 100], [1, 100, 1, 1]);
        Assert.Equal(1, SeriesStatistics.Quantile(s, 0.95));
    }

    [Fact]
    public void Increase_CounterReset_AddsPostResetValue()
    {
        // 10 → 15: +5 ; 15 → 3: reset, +3 ; 3 → 8: +5 ; total 13
        var s = Aligned([0, 10, 20, 30], [10, 15, 3, 8]);
        Assert.Equal(13, SeriesStatistics.Increase(s));
    }

    [Fact]
    public void Increase_MonotonicCounter_IsLastMinusFirst()
    {
        Assert.Equal(70, SeriesStatistics.Increase(Aligned([0, 15, 30], [30, 50, 100])));
    }

    [Fact]
    public void Statistics_SingleSample_MeanIsSampleAndIntegralZero()
    {
        var s = Aligned([5], [7]);
        Assert.Equal(7, SeriesStatistics.Mean(s));
        Assert.Equal(7, SeriesStatistics.Quantile(s, 0.95));
        Assert.Equal(0, SeriesStatistics.Integral(s));
        Assert.Equal(0, SeriesStatistics.Increase(s));
    }

    [Fact]
    public void Statistics_EmptySeries_ReturnNull()
    {
        var s = AlignedSeries.Empty("e");
        Assert.Null(SeriesStatistics.Peak(s));
        Assert.Null(SeriesStatistics.Mean(s));
        Assert.Null(SeriesStatistics.Quantile(s, 0.95));
        Assert.Null(SeriesStatistics.Integral(s));
        Assert.Null(SeriesStatistics.Increase(s));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FinalAndIncreaseInside_RandomSeriesWithPaddingNaNAndResets_SameAsOnTheAlignedCopy(int seed)
    {
        // The no-copy path used for counters and running peaks must agree exactly with Align + Final / Increase.
        var random = new Random(seed);
        var run = Run("r", 100, 60);
        var seconds = new List<double>();
        var values = new List<double>();
        var v = 0.0;
        for (var t = -20.0; t < 90; t += 1 + random.NextDouble() * 4)
        {
            v = random.NextDouble() < 0.1 ? random.NextDouble() * 5 : v + random.NextDouble() * 10; // counter resets now and then
            seconds.Add(t);
            values.Add(random.NextDouble() < 0.1 ? (random.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity }) : v);
        }

        var raw = Ts(run, [.. seconds], [.. values]);
        var aligned = RunAlignment.Align(raw, run);
        var start = RunAlignment.UnixSeconds(run.Start);
        var end = RunAlignment.UnixSeconds(run.End);
        int skippedFinal = 0, skippedIncrease = 0;

        Assert.Equal(SeriesStatistics.Final(aligned), SeriesStatistics.FinalInside(raw, start, end, ref skippedFinal));
        Assert.Equal(SeriesStatistics.Increase(aligned), SeriesStatistics.IncreaseInside(raw, start, end, ref skippedIncrease));
        Assert.Equal(aligned.SkippedNonFinite, skippedFinal);
        Assert.Equal(aligned.SkippedNonFinite, skippedIncrease);
    }

    [Fact]
    public void FinalAndIncreaseInside_NothingInsideTheRun_Null()
    {
        var run = Run("r", 100, 60);
        var raw = Ts(run, [-30, -10, 70, 80], [1, 2, 3, 4]);
        var skipped = 0;
        Assert.Null(SeriesStatistics.FinalInside(raw, RunAlignment.UnixSeconds(run.Start), RunAlignment.UnixSeconds(run.End), ref skipped));
        Assert.Null(SeriesStatistics.IncreaseInside(raw, RunAlignment.UnixSeconds(run.Start), RunAlignment.UnixSeconds(run.End), ref skipped));
        Assert.Equal(0, skipped);
    }
}
