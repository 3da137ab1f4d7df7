using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

public class RunStatisticsTests
{
    private static double Value(StatisticResult r) => r.Value ?? throw new Xunit.Sdk.XunitException("n/a: " + r.Reason);

    [Theory]
    [InlineData(Statistic.Mean)]
    [InlineData(Statistic.Integral)]
    [InlineData(Statistic.P95)]
    [InlineData(Statistic.Peak)]
    public void Compute_LookbackPaddingAfterEnd_GivesSameGaugeStatistic(Statistic statistic)
    {
        // Run 0..30 s, samples 2,4,6,4. Prometheus keeps returning the last value (4) every 10 s for 5 min after End.
        var run = Run("r", durationSeconds: 30);
        var plain = Ts(run, [0, 10, 20, 30], [2, 4, 6, 4]);
        var paddedSeconds = new double[] { 0, 10, 20, 30 }.Concat(Enumerable.Range(1, 30).Select(i => 30.0 + i * 10)).ToArray();
        var paddedValues = new double[] { 2, 4, 6, 4 }.Concat(Enumerable.Repeat(4.0, 30)).ToArray();
        var padded = Ts(run, paddedSeconds, paddedValues);

        var a = RunStatistics.Compute(Driver(run, MetricKind.Gauge, plain), statistic, ExecutorAggregation.Sum);
        var b = RunStatistics.Compute(Driver(run, MetricKind.Gauge, padded), statistic, ExecutorAggregation.Sum);
        Assert.Equal(Value(a), Value(b));
    }

    [Fact]
    public void Compute_LookbackPadding_MeanAndIntegralMatchHandComputed()
    {
        // integral 2·10 + 4·10 + 6·10 = 120 ; mean 120/30 = 4 (padding of 4 for 300 s would give (120+1200)/330 = 4)
        // use a padding value of 100 to make any leak obvious: leaked mean would be (120 + 4·10 + 100·290)/330 ≫ 4
        var run = Run("r", durationSeconds: 30);
        var padded = Ts(run, [0, 10, 20, 30, 40, 330], [2, 4, 6, 4, 100, 100]);
        var data = Driver(run, MetricKind.Gauge, padded);
        Assert.Equal(120, Value(RunStatistics.Compute(data, Statistic.Integral, ExecutorAggregation.Sum)));
        Assert.Equal(4, Value(RunStatistics.Compute(data, Statistic.Mean, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void Compute_LookbackPaddingOnCounter_GivesSameIncrease()
    {
        // 0 → 50 → 100 inside the run: increase 100 ; padding repeats 100 for 5 minutes, then a new process would start at 0
        var run = Run("r", durationSeconds: 20);
        var plain = Ts(run, [0, 10, 20], [0, 50, 100]);
        var padded = Ts(run, [0, 10, 20, 30, 320, 330], [0, 50, 100, 100, 100, 7]);
        Assert.Equal(100, Value(RunStatistics.Compute(Driver(run, MetricKind.Counter, plain), Statistic.Increase, ExecutorAggregation.Sum)));
        Assert.Equal(100, Value(RunStatistics.Compute(Driver(run, MetricKind.Counter, padded), Statistic.Increase, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void Compute_IncreaseWithLateExecutor_IsPerExecutorThenCombined()
    {
        // exec1: 0,10,20,30 → increase 30 ; exec2 starts late at 15: 0, 5 → increase 5
        // sum 35, max 30, mean 17.5 (a late executor is not charged for the time before it existed)
        var run = Run("r", durationSeconds: 30);
        var data = Executors(run, MetricKind.Counter,
            Ts(run, [0, 10, 20, 30], [0, 10, 20, 30], "1"),
            Ts(run, [15, 25], [0, 5], "2"));
        Assert.Equal(35, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)));
        Assert.Equal(30, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Max)));
        Assert.Equal(17.5, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Mean)));
    }

    [Fact]
    public void Compute_RunningPeakPeak_UsesFinalValuePerExecutor()
    {
        // exec1 running peak 100,200,300 → final 300 ; exec2 50,400 → final 400 ; sum 700, max 400, mean 350
        var run = Run("r", durationSeconds: 30);
        var data = Executors(run, MetricKind.RunningPeak,
            Ts(run, [0, 15, 30], [100, 200, 300], "1"),
            Ts(run, [15, 30, 60], [50, 400, 999], "2")); // 999 is after End: ignored
        Assert.Equal(700, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Sum)));
        Assert.Equal(400, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Max)));
        Assert.Equal(350, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Mean)));
    }

    [Theory]
    [InlineData(Statistic.Mean)]
    [InlineData(Statistic.P95)]
    [InlineData(Statistic.Integral)]
    public void Compute_RunningPeakAveraged_IsNotAvailableWithReason(Statistic statistic)
    {
        var run = Run("r");
        var r = RunStatistics.Compute(Driver(run, MetricKind.RunningPeak, Ts(run, [0, 30], [1, 2])), statistic, ExecutorAggregation.Sum);
        Assert.Null(r.Value);
        Assert.Contains("running peak", r.Reason);
    }

    [Fact]
    public void Compute_GaugeIncreaseOrCounterPeak_IsNotAvailable()
    {
        var run = Run("r");
        var s = Ts(run, [0, 30], [1, 2]);
        Assert.Contains("counter", RunStatistics.Compute(Driver(run, MetricKind.Gauge, s), Statistic.Increase, ExecutorAggregation.Sum).Reason);
        Assert.Contains("counter", RunStatistics.Compute(Driver(run, MetricKind.Counter, s), Statistic.Peak, ExecutorAggregation.Sum).Reason);
    }

    [Fact]
    public void Compute_NaNAndInfSamples_AreSkippedAndCounted()
    {
        // finite: (0,2) (20,4) (40,6) → integral 2·20 + 4·20 = 120, mean 120/40 = 3 ; 2 samples skipped
        var run = Run("r", durationSeconds: 40);
        var data = Driver(run, MetricKind.Gauge, Ts(run, [0, 10, 20, 30, 40], [2, double.NaN, 4, double.NegativeInfinity, 6]));
        var mean = RunStatistics.Compute(data, Statistic.Mean, ExecutorAggregation.Sum);
        Assert.Equal(3, mean.Value);
        Assert.Equal(2, mean.SkippedSamples);
        Assert.Equal(120, RunStatistics.Compute(data, Statistic.Integral, ExecutorAggregation.Sum).Value);
    }

    [Fact]
    public void Compute_OnlyNaN_IsNotAvailableNeverNaN()
    {
        var run = Run("r");
        var r = RunStatistics.Compute(Driver(run, MetricKind.Gauge, Ts(run, [0, 30], [double.NaN, double.NaN])), Statistic.Mean, ExecutorAggregation.Sum);
        Assert.Null(r.Value);
        Assert.Contains("2 samples skipped (NaN/Inf)", r.Reason);
    }

    [Fact]
    public void Compute_NoSeries_IsNotAvailableNamingRun()
    {
        var run = Run("r7");
        var r = RunStatistics.Compute(Driver(run, MetricKind.Gauge), Statistic.Peak, ExecutorAggregation.Sum);
        Assert.Null(r.Value);
        Assert.Equal("no data for run r7", r.Reason);
    }

    [Fact]
    public void Compute_Duration_IsEndMinusStartSeconds()
    {
        var run = Run("r", durationSeconds: 123.5);
        Assert.Equal(123.5, RunStatistics.Compute(Driver(run, MetricKind.Gauge), Statistic.Duration, ExecutorAggregation.Sum).Value);
    }

    [Fact]
    public void Compute_ExecutorSumPeak_IsPeakOfSummedSeries()
    {
        // exec1 1,5,1 ; exec2 5,1,5 at 0,10,20 → sum 6,6,6 → peak 6 (not 5+5 = 10)
        var run = Run("r", durationSeconds: 20);
        var data = Executors(run, MetricKind.Gauge,
            Ts(run, [0, 10, 20], [1, 5, 1], "1"),
            Ts(run, [0, 10, 20], [5, 1, 5], "2"));
        Assert.Equal(6, RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Sum).Value);
        Assert.Equal(5, RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Max).Value);
    }

    [Fact]
    public void ComputePerExecutor_Each_ReturnsOneResultPerExecutor()
    {
        var run = Run("r", durationSeconds: 20);
        var data = Executors(run, MetricKind.Gauge,
            Ts(run, [0, 10, 20], [1, 5, 1], "1"),
            Ts(run, [0, 10, 20], [5, 1, 5], "2"));
        var each = RunStatistics.ComputePerExecutor(data, Statistic.Peak);
        Assert.Equal([("1", 5.0), ("2", 5.0)], each.Select(e => (e.Executor, e.Result.Value!.Value)).ToArray());
        Assert.Null(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Each).Value);
    }
}
