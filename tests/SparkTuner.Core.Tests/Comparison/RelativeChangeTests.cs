using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Core.Tests.Comparison;

public class RelativeChangeTests
{
    /// <summary>
    /// The talk's table printed the reductions as "76 %, 63 %, …" WITHOUT the minus sign; our % change is signed, so the
    /// same rows read −76 %, −63 %, … while RIP matches the printed 0.76, 0.63, 0.62, 0.63, 0.10, 0.00.
    /// </summary>
    [Theory]
    [InlineData(1, 24, -76, 0.76)]
    [InlineData(2, 37, -63, 0.63)]
    [InlineData(3, 38, -62, 0.62)]
    [InlineData(4, 37, -63, 0.63)]
    [InlineData(5, 90, -10, 0.10)]
    [InlineData(6, 100, 0, 0.00)]
    public void Compute_TalkTableReductionsPrintedWithoutMinus_MatchSignedPercentAndRip(int tableRow, double candidate, double percent, double rip)
    {
        var r = RelativeChange.Compute(100, candidate, Direction.LowerIsBetter);
        Assert.True(tableRow > 0);
        Assert.Equal(percent, r.PercentChange!.Value, 9);
        Assert.Equal(rip, Math.Round(r.Rip, 2), 9);
    }

    [Fact]
    public void Compute_HalvingAndDoubling_GivePlusMinusHalf()
    {
        Assert.Equal(0.5, RelativeChange.Compute(100, 50, Direction.LowerIsBetter).Rip);
        Assert.Equal(-0.5, RelativeChange.Compute(100, 200, Direction.LowerIsBetter).Rip);
        Assert.Equal(100, RelativeChange.Compute(100, 200, Direction.LowerIsBetter).PercentChange);
    }

    [Fact]
    public void Compute_BothZero_GivesZeroAndZero()
    {
        var r = RelativeChange.Compute(0, 0, Direction.LowerIsBetter);
        Assert.Equal(0, r.PercentChange);
        Assert.Equal(0, r.Rip);
    }

    [Fact]
    public void Compute_ZeroBaselinePositiveCandidate_PercentNullRipMinusOne()
    {
        var r = RelativeChange.Compute(0, 5, Direction.LowerIsBetter);
        Assert.Null(r.PercentChange);
        Assert.Equal(-1, r.Rip);
    }

    [Fact]
    public void Compute_HigherIsBetter_FlipsRipSignButNotPercent()
    {
        // (150 − 100) / max(100, 150) = 0.333… ; % change (150 − 100)/100·100 = +50
        var r = RelativeChange.Compute(100, 150, Direction.HigherIsBetter);
        Assert.Equal(50, r.PercentChange);
        Assert.Equal(1.0 / 3, r.Rip, 12);
        Assert.Equal(-1.0 / 3, RelativeChange.Compute(100, 150, Direction.LowerIsBetter).Rip, 12);
    }

    [Fact]
    public void Compute_Neutral_UsesLowerIsBetterFormula()
    {
        Assert.Equal(0.76, RelativeChange.Compute(100, 24, Direction.Neutral).Rip, 12);
    }

    [Fact]
    public void Compute_NegativeValues_UseAbsoluteDenominatorsAndClamp()
    {
        // B = −1, C = 1: RIP (−1 − 1)/max(1, 1) = −2 → clamped to −1 ; % change (1 − (−1))/|−1|·100 = 200
        var r = RelativeChange.Compute(-1, 1, Direction.LowerIsBetter);
        Assert.Equal(-1, r.Rip);
        Assert.Equal(200, r.PercentChange);
    }

    [Fact]
    public void Compute_NaNInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RelativeChange.Compute(double.NaN, 1, Direction.LowerIsBetter));
    }

    [Fact]
    public void Compute_RandomPositivePairs_RipBoundedAntisymmetricAndSignAgreesWithPercent()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var b = random.NextDouble() * Math.Pow(10, random.Next(-3, 12)) + 1e-9;
            var c = random.NextDouble() * Math.Pow(10, random.Next(-3, 12)) + 1e-9;
            var forward = RelativeChange.Compute(b, c, Direction.LowerIsBetter);
            var backward = RelativeChange.Compute(c, b, Direction.LowerIsBetter);

            Assert.InRange(forward.Rip, -1, 1);
            Assert.Equal(-forward.Rip, backward.Rip, 12);
            // lower is better: a lower candidate (negative % change) is an improvement (positive RIP)
            Assert.Equal(Math.Sign(-forward.PercentChange!.Value), Math.Sign(forward.Rip));
            Assert.Equal(-forward.Rip, RelativeChange.Compute(b, c, Direction.HigherIsBetter).Rip, 12);
        }
    }
}
