namespace SparkTuner.Core.Comparison;

/// <summary>
/// One statistic of one run: a value, or null with the reason why it is not available. <see cref="SkippedSamples"/>
/// counts NaN/±Inf samples inside the run that were left out.
/// </summary>
public sealed record StatisticResult(double? Value, string? Reason, int SkippedSamples)
{
    /// <summary>A value with no skipped samples.</summary>
    public static StatisticResult Of(double value, int skipped = 0) => new(value, null, skipped);

    /// <summary>Not available, with the reason.</summary>
    public static StatisticResult NotAvailable(string reason, int skipped = 0) => new(null, reason, skipped);
}
