using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>% change and RIP of a candidate value against a baseline value.</summary>
/// <param name="PercentChange">Signed % change, null when it is not defined (baseline 0, candidate not 0).</param>
/// <param name="Rip">Relative improvement in [−1, 1]; above 0 the candidate is better.</param>
public readonly record struct ChangeResult(double? PercentChange, double Rip);

/// <summary>The single place where % change and RIP are defined.</summary>
public static class RelativeChange
{
    /// <summary>
    /// Computes % change and RIP (relative improvement) of candidate value C against baseline value B.
    /// <list type="bullet">
    /// <item><b>% change</b> = (C − B) / |B| × 100, whatever the direction: negative means the candidate is lower.
    /// B = C = 0 gives 0; B = 0 ≠ C gives null ("n/a", never infinity or NaN).</item>
    /// <item><b>RIP</b>, lower is better (and <see cref="Direction.Neutral"/>): (B − C) / max(|B|, |C|).
    /// Higher is better: (C − B) / max(|B|, |C|). So RIP &gt; 0 always means better: a halving of a lower-is-better
    /// metric gives 0.5, a doubling −0.5; B = 100, C = 24 gives 0.76. B = C = 0 gives 0; B = 0 &lt; C gives −1 when
    /// lower is better.</item>
    /// <item>Negative values should not occur for these metrics; the absolute values in the denominators keep the
    /// result's sign meaningful, and RIP is clamped to [−1, 1] (values of opposite sign could otherwise reach ±2).</item>
    /// </list>
    /// For a Neutral metric the number is informational; the verdict never calls it better or worse.
    /// </summary>
    public static ChangeResult Compute(double baseline, double candidate, Direction better)
    {
        if (!double.IsFinite(baseline) || !double.IsFinite(candidate))
        {
            throw new ArgumentException($"baseline and candidate must be finite (got {baseline}, {candidate})");
        }

        double? percent = baseline == 0
            ? (candidate == 0 ? 0 : null)
            : (candidate - baseline) / Math.Abs(baseline) * 100;

        var denominator = Math.Max(Math.Abs(baseline), Math.Abs(candidate));
        var rip = denominator == 0
            ? 0
            : (better == Direction.HigherIsBetter ? candidate - baseline : baseline - candidate) / denominator;
        return new ChangeResult(percent, Math.Clamp(rip, -1, 1));
    }
}
