using SparkTuner.Core.Catalog;

namespace SparkTuner.Core.Comparison;

/// <summary>RIP of the side means, its bootstrap interval and the verdict.</summary>
public sealed record NoiseAssessment(ChangeResult Change, RipInterval? Ci95, Verdict Verdict, string? NoiseNote);

/// <summary>
/// Decides whether a difference between two sides is beyond run-to-run noise.
/// </summary>
/// <remarks>
/// <para><b>Interval.</b> Percentile bootstrap over runs: each side's runs are resampled with replacement (within the
/// side), the side means and RIP recomputed; the 2.5th and 97.5th percentiles of the resampled RIPs form the 95 %
/// interval. The random generator is seeded, so the same input always gives the same interval.</para>
/// <para><b>Verdict rule</b> (with at least two runs on one side): Better/Worse (by the sign of RIP) only when
/// <i>all</i> of: |RIP| ≥ threshold, the interval excludes 0, and the [min, max] ranges of the two sides do not overlap.
/// Otherwise WithinNoise. Why both tests: with 2–3 runs the percentile bootstrap interval is too narrow (it can never be
/// wider than the extremes of the data); requiring separated ranges bounds the false-alarm rate for two sides drawn from
/// the same distribution by 2 / C(2n, n) — 10 % at n = 3, under 1 % at n = 5 — at the price of missing small effects
/// with few runs. With one run per side there is no noise estimate: the verdict follows the sign of RIP (|RIP| below the
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
        var verdict = better == Direction.Neutral
            ? Verdict.Informational
            : !belowThreshold && excludesZero && separated ? directional : Verdict.WithinNoise;

        var n = Math.Min(baseline.Count, candidate.Count);
        var note = n switch
        {
            1 => "one side has a single run: its noise is unknown",
            < 5 => $"{baseline.Count} vs {candidate.Count} runs: bootstrap interval is crude; verdict also requires separated ranges",
            _ => null,
        };
        return new NoiseAssessment(change, ci, verdict, note);
    }

    /// <summary>Percentile bootstrap 95 % interval of RIP(mean of baseline, mean of candidate); deterministic for a seed.</summary>
    public static RipInterval Bootstrap(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, Direction better, int resamples, int seed)
    {
        if (resamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resamples), "at least one resample is needed");
        }

        var random = new Random(seed);
        var rips = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            rips[r] = RelativeChange.Compute(ResampledMean(baseline, random), ResampledMean(candidate, random), better).Rip;
        }

        Array.Sort(rips);
        return new RipInterval(Percentile(rips, 0.025), Percentile(rips, 0.975));
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
