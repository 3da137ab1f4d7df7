using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Core.Tests.Comparison;

public class NoiseEstimatorTests
{
    private static readonly ComparisonOptions s_options = ComparisonOptions.Default;

    private static double[] Draw(Random random, int n, double mean, double relativeSd) =>
        Enumerable.Range(0, n).Select(_ =>
        {
            // Box–Muller: a normal draw from the seeded generator
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            return mean * (1 + relativeSd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();

    [Theory]
    [InlineData(3, 90)]
    [InlineData(5, 95)]
    public void Assess_BothSidesSameDistribution_WithinNoiseInLargeMajorityOfTrials(int runsPerSide, int minimumWithinNoise)
    {
        // Range separation alone would false-alarm 2/C(2n, n) of the time: 10 % at n = 3, 0.8 % at n = 5.
        var withinNoise = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var b = Draw(random, runsPerSide, 100, 0.03);
            var c = Draw(random, runsPerSide, 100, 0.03);
            if (NoiseEstimator.Assess(b, c, Direction.LowerIsBetter, s_options with { BootstrapResamples = 500 }).Verdict == Verdict.WithinNoise)
            {
                withinNoise++;
            }
        }

        Assert.True(withinNoise >= minimumWithinNoise, $"{withinNoise} of 100 trials within noise");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Assess_Candidate30PercentLowerWith3PercentNoise_IsBetter(int runsPerSide)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(1000 + seed);
            var b = Draw(random, runsPerSide, 100, 0.03);
            var c = Draw(random, runsPerSide, 70, 0.03);
            var a = NoiseEstimator.Assess(b, c, Direction.LowerIsBetter, s_options with { BootstrapResamples = 500 });
            Assert.Equal(Verdict.Better, a.Verdict);
            Assert.True(a.Ci95!.Low > 0);
            // and the same data judged for a higher-is-better metric is worse
            Assert.Equal(Verdict.Worse, NoiseEstimator.Assess(b, c, Direction.HigherIsBetter, s_options with { BootstrapResamples = 500 }).Verdict);
        }
    }

    [Fact]
    public void Bootstrap_SameRunsInAnotherOrder_SameInterval()
    {
        var a = NoiseEstimator.Bootstrap([100, 104, 98], [80, 83, 79], Direction.LowerIsBetter, 2000, 42);
        var b = NoiseEstimator.Bootstrap([98, 100, 104], [83, 79, 80], Direction.LowerIsBetter, 2000, 42);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Assess_OverlappingRangesButIntervalExcludesZero_ReasonNamesTheFailedTests()
    {
        // Means 30.8 → 19 (RIP 0.38), but one baseline run is within the candidate's range: the ranges overlap and the
        // spread is too large for Welch's test, while the crude bootstrap interval stays clear of 0.
        var a = NoiseEstimator.Assess([19.5, 33, 40], [18, 19, 20], Direction.LowerIsBetter, s_options);
        Assert.Equal(Verdict.WithinNoise, a.Verdict);
        Assert.True(a.Ci95!.Low > 0, a.Ci95.ToString());
        Assert.Equal("within noise: the two sides' run ranges overlap, Welch's t-test does not reject equal means at 5 %", a.VerdictReason);
        Assert.Equal("3 vs 3 runs: bootstrap interval is crude; verdict also requires separated ranges", a.NoiseNote);
    }

    [Fact]
    public void Assess_TinyConsistentChange_ReasonSaysBelowThreshold()
    {
        var a = NoiseEstimator.Assess([100, 100.1, 100.2], [99, 99.1, 99.2], Direction.LowerIsBetter, s_options);
        Assert.Equal(Verdict.WithinNoise, a.Verdict);
        Assert.Equal("within noise: |RIP| 0.00999 is below the 0.02 threshold", a.VerdictReason);
    }

    [Fact]
    public void Assess_ClearImprovement_NoReasonOnlyTheRunCountCaveat()
    {
        var a = NoiseEstimator.Assess([100, 101, 102], [70, 71, 72], Direction.LowerIsBetter, s_options);
        Assert.Equal(Verdict.Better, a.Verdict);
        Assert.Equal("3 vs 3 runs: bootstrap interval is crude; verdict also requires separated ranges", a.NoiseNote);
        Assert.Null(a.VerdictReason);
    }

    [Fact]
    public void WhyWithinNoise_JustUnderThreshold_NotRoundedUpToIt()
    {
        Assert.Equal("within noise: |RIP| 0.0196 is below the 0.02 threshold", NoiseEstimator.WhyWithinNoise(-0.0196, 0.02, true, true, true));
    }

    [Fact]
    public void Bootstrap_SameSeed_GivesSameInterval()
    {
        double[] b = [100, 104, 97], c = [80, 83, 78];
        var first = NoiseEstimator.Bootstrap(b, c, Direction.LowerIsBetter, 2000, 7);
        var second = NoiseEstimator.Bootstrap(b, c, Direction.LowerIsBetter, 2000, 7);
        Assert.Equal(first, second);
        Assert.True(first.Low <= first.High);
        // CI lies between the extreme RIPs reachable by resampling: (97 − 83)/97 and (104 − 78)/104
        Assert.InRange(first.Low, (97.0 - 83) / 97 - 1e-12, (104.0 - 78) / 104);
        Assert.InRange(first.High, (97.0 - 83) / 97, (104.0 - 78) / 104 + 1e-12);
    }

    [Fact]
    public void Assess_OverlappingRangesEvenIfIntervalExcludesZero_IsWithinNoise()
    {
        // baseline mean 97, candidate 80: the interval excludes 0, but one baseline run (70) is below every candidate run
        double[] b = [100, 100, 100, 100, 100, 100, 100, 100, 100, 70];
        double[] c = [80, 80, 80, 80, 80, 80, 80, 80, 80, 80];
        var a = NoiseEstimator.Assess(b, c, Direction.LowerIsBetter, s_options);
        Assert.True(a.Ci95!.Low > 0);
        Assert.Equal(Verdict.WithinNoise, a.Verdict);
    }

    [Fact]
    public void Assess_SeparatedButBelowThreshold_IsWithinNoise()
    {
        // RIP ≈ (100.1 − 99.1)/100.1 ≈ 0.010 < 0.02
        var a = NoiseEstimator.Assess([100, 100.1, 100.2], [99, 99.1, 99.2], Direction.LowerIsBetter, s_options);
        Assert.Equal(Verdict.WithinNoise, a.Verdict);
    }

    [Fact]
    public void Assess_OneRunPerSide_SignOfRipWithNoiseNoteAndNoInterval()
    {
        var better = NoiseEstimator.Assess([100], [24], Direction.LowerIsBetter, s_options);
        Assert.Equal(Verdict.Better, better.Verdict);
        Assert.Null(better.Ci95);
        Assert.Equal("one run per side: no noise estimate possible", better.NoiseNote);

        Assert.Equal(Verdict.Worse, NoiseEstimator.Assess([100], [200], Direction.LowerIsBetter, s_options).Verdict);
        Assert.Equal(Verdict.WithinNoise, NoiseEstimator.Assess([100], [100], Direction.LowerIsBetter, s_options).Verdict);
    }

    [Fact]
    public void Assess_NeutralMetric_IsInformational()
    {
        Assert.Equal(Verdict.Informational, NoiseEstimator.Assess([100], [24], Direction.Neutral, s_options).Verdict);
        Assert.Equal(Verdict.Informational, NoiseEstimator.Assess([100, 101], [24, 25], Direction.Neutral, s_options).Verdict);
    }
}
