using System.Globalization;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>RIP of the side means, its bootstrap interval and the verdict.</summary>
/// <param name="Change">% change and RIP of the side means.</param>
/// <param name="Ci95">Bootstrap 95 % interval of RIP; null with one run per side.</param>
/// <param name="Verdict">The verdict by the rule below.</param>
/// <param name="NoiseNote">How (or whether) noise could be estimated with this many runs.</param>
/// <param name="VerdictReason">For a within-noise verdict, which tests of the rule the difference did not pass.</param>
public sealed record NoiseAssessment(ChangeResult Change, RipInterval? Ci95, Verdict Verdict, string? NoiseNote, string? VerdictReason = null);

/// <summary>
/// Decides whether a difference between two sides is beyond run-to-run noise.
/// </summary>
/// <remarks>
/// <para><b>Interval.</b> Percentile bootstrap over runs: each side's runs are resampled with replacement (within the
/// side), the side means and RIP recomputed; the 2.5th and 97.5th percentiles of the resampled RIPs form the 95 %
/// interval. The random generator is seeded, so the same input always gives the same interval.</para>
/// <para><b>Verdict rule</b> (with at least two runs on one side): Better/Worse (by the sign of RIP) only when
/// <i>all</i> of: |RIP| ≥ threshold, the interval excludes 0, the [min, max] ranges of the two sides do not overlap,
/// and (with at least two runs on each side) Welch's t-test rejects equal means at 5 %. Otherwise WithinNoise.
/// Why several tests: with 2–3 runs the percentile bootstrap interval is too narrow (it can never be wider than the
/// extremes of the data) and range separation alone false-alarms 2 / C(2n, n) of the time for two sides drawn from the
/// same distribution (10 % at n = 3); Welch's test brings that down (≈ 2–5 % measured at n = 3) while a real 30 %
/// reduction with 3 % noise is still detected from 3 runs. The price is missing small effects with few runs. With one run per side there is no noise estimate: the verdict follows the sign of RIP (|RIP| below the
/// threshold is WithinNoise) and the interval is null. Neutral metrics are always Informational.</para>
/// </remarks>
public static class NoiseEstimator
{
    /// <summary>Assesses per-run values of the two sides (each non-empty, finite).</summary>
    public static NoiseAssessment Assess(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, Direction better, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        if (baseline.Count == 0 || candidate.Count == 0)
        {
            throw new ArgumentException("each side needs at least one value");
        }

        var change = RelativeChange.Compute(baseline.Average(), candidate.Average(), better);
        var directional = change.Rip > 0 ? Verdict.Better : Verdict.Worse;
        var belowThreshold = Math.Abs(change.Rip) < options.NoiseThreshold;

        if (baseline.Count == 1 && candidate.Count == 1)
        {
            var single = better == Direction.Neutral ? Verdict.Informational : belowThreshold ? Verdict.WithinNoise : directional;
            return new NoiseAssessment(change, null, single, "one run per side: no noise estimate possible");
        }

        var ci = Bootstrap(baseline, candidate, better, options.BootstrapResamples, options.Seed);
        var separated = baseline.Max() < candidate.Min() || candidate.Max() < baseline.Min();
        var excludesZero = ci.Low > 0 || ci.High < 0;
        var significant = WelchSignificant(baseline, candidate);
        var verdict = better == Direction.Neutral
            ? Verdict.Informational
            : !belowThreshold && excludesZero && separated && significant ? directional : Verdict.WithinNoise;

        var n = Math.Min(baseline.Count, candidate.Count);
        var note = n switch
        {
            1 => "one side has a single run: its noise is unknown",
            < 5 => $"{baseline.Count} vs {candidate.Count} runs: bootstrap interval is crude; verdict also requires separated ranges",
            _ => null,
        };
        var why = verdict == Verdict.WithinNoise ? WhyWithinNoise(change.Rip, options.NoiseThreshold, excludesZero, separated, significant) : null;
        return new NoiseAssessment(change, ci, verdict, note, why);
    }

    /// <summary>Which of the verdict rule's tests the difference did not pass, in words a reader can check.</summary>
    internal static string WhyWithinNoise(double rip, double threshold, bool excludesZero, bool separated, bool significant)
    {
        var failed = new List<string>(4);
        if (Math.Abs(rip) < threshold)
        {
            // Three significant digits: 0.0196 must not read as "0.02 is below the 0.02 threshold".
            failed.Add(string.Create(CultureInfo.InvariantCulture, $"|RIP| {Math.Abs(rip):G3} is below the {threshold:G3} threshold"));
        }

        if (!excludesZero)
        {
            failed.Add("the 95 % interval includes 0");
        }

        if (!separated)
        {
            failed.Add("the two sides' run ranges overlap");
        }

        if (!significant)
        {
            failed.Add("Welch's t-test does not reject equal means at 5 %");
        }

        return "within noise: " + string.Join(", ", failed);
    }

    /// <summary>
    /// Percentile bootstrap 95 % interval of RIP(mean of baseline, mean of candidate); deterministic for a seed, and
    /// independent of the order of the runs (each side is resampled in ascending order: a link listing the same runs in
    /// another order gets the same interval).
    /// </summary>
    public static RipInterval Bootstrap(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, Direction better, int resamples, int seed)
    {
        if (resamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resamples), "at least one resample is needed");
        }

        var random = new Random(seed);
        var rips = new double[resamples];
        var sortedBaseline = baseline.Order().ToArray();
        var sortedCandidate = candidate.Order().ToArray();
        for (var r = 0; r < resamples; r++)
        {
            rips[r] = RelativeChange.Compute(ResampledMean(sortedBaseline, random), ResampledMean(sortedCandidate, random), better).Rip;
        }

        Array.Sort(rips);
        return new RipInterval(Percentile(rips, 0.025), Percentile(rips, 0.975));
    }

    // Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
    private static readonly double[] s_tCritical =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// Welch's t-test at 5 % (two-sided). True when a side has a single run (no variance to test with: the other
    /// criteria decide) or when both sides are constant and differ.
    /// </summary>
    internal static bool WelchSignificant(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2)
        {
            return true;
        }

        double meanA = a.Average(), meanB = b.Average();
        var varA = a.Sum(x => (x - meanA) * (x - meanA)) / (a.Count - 1) / a.Count;
        var varB = b.Sum(x => (x - meanB) * (x - meanB)) / (b.Count - 1) / b.Count;
        var se2 = varA + varB;
        if (se2 == 0)
        {
            return meanA != meanB;
        }

        var t = Math.Abs(meanA - meanB) / Math.Sqrt(se2);
        var df = se2 * se2 / (varA * varA / (a.Count - 1) + varB * varB / (b.Count - 1));
        var index = Math.Clamp((int)Math.Floor(df), 1, int.MaxValue);
        var critical = index <= s_tCritical.Length ? s_tCritical[index - 1] : 1.96;
        return t > critical;
    }

    private static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        double sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[random.Next(values.Count)];
        }

        return sum / values.Count;
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
