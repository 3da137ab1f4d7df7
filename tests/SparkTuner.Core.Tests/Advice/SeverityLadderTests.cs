using SparkTuner.Core.Advice;

namespace SparkTuner.Core.Tests.Advice;

public sealed class SeverityLadderTests
{
    [Theory]
    [InlineData(0.079, Severity.None)]
    [InlineData(0.08, Severity.Low)]
    [InlineData(0.1, Severity.Moderate)]
    [InlineData(0.15, Severity.Severe)]
    [InlineData(0.2, Severity.Critical)]
    [InlineData(5.0, Severity.Critical)]
    public void Rate_Ascending_ValueAtThresholdReachesIt(double value, Severity expected) =>
        Assert.Equal(expected, new SeverityLadder(0.08, 0.1, 0.15, 0.2).Rate(value));

    [Theory]
    [InlineData(0.051, Severity.None)]
    [InlineData(0.05, Severity.Low)]
    [InlineData(0.04, Severity.Moderate)]
    [InlineData(0.03, Severity.Severe)]
    [InlineData(0.01, Severity.Critical)]
    [InlineData(0.0, Severity.Critical)]
    public void Rate_Descending_ValueAtOrBelowThresholdReachesIt(double value, Severity expected) =>
        Assert.Equal(expected, new SeverityLadder(0.05, 0.04, 0.03, 0.01).Rate(value));

    [Fact]
    public void Rate_NaN_None() => Assert.Equal(Severity.None, new SeverityLadder(1, 2, 3, 4).Rate(double.NaN));
}
