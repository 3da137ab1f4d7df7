namespace SparkTuner.Core.Comparison;

/// <summary>
/// Statistics of one aligned series (finite samples inside the run only).
/// </summary>
/// <remarks>
/// Time weighting is <b>step-hold</b>: sample i holds its value from its own timestamp until the next sample, so it
/// carries the weight (t[i+1] − t[i]); the last sample ends the series and carries no weight. The covered time is
/// therefore [first sample, last sample]. A series with a single sample has no duration: its mean and P95 are that
/// sample and its integral is 0. Nothing is extrapolated to the run's Start/End or beyond the last sample.
/// </remarks>
public static class SeriesStatistics
{
    /// <summary>Largest sample, or null when empty.</summary>
    public static double? Peak(AlignedSeries s) => s.IsEmpty ? null : s.Values.Max();

    /// <summary>Last sample inside the run (the peak of a running-peak series), or null when empty.</summary>
    public static double? Final(AlignedSeries s) => s.IsEmpty ? null : s.Values[^1];

    /// <summary>Step-hold integral Σ v[i]·(t[i+1] − t[i]) in value·seconds, or null when empty.</summary>
    public static double? Integral(AlignedSeries s)
    {
        if (s.IsEmpty)
        {
            return null;
        }

        double area = 0;
        for (var i = 0; i + 1 < s.Count; i++)
        {
            area += s.Values[i] * (s.Seconds[i + 1] - s.Seconds[i]);
        }

        return area;
    }

    /// <summary>Step-hold time-weighted mean: integral ÷ (t[last] − t[first]); the sample itself for a single sample.</summary>
    public static double? Mean(AlignedSeries s)
    {
        if (s.IsEmpty)
        {
            return null;
        }

        var span = s.Seconds[^1] - s.Seconds[0];
        return span <= 0 ? s.Values[0] : Integral(s)!.Value / span;
    }

    /// <summary>
    /// Time-weighted quantile <paramref name="q"/> (0..1): the smallest value v such that the series is at or below v
    /// for at least q of its covered time (step-hold weights). P95 is q = 0.95.
    /// </summary>
    public static double? Quantile(AlignedSeries s, double q)
    {
        if (s.IsEmpty)
        {
            return null;
        }

        if (s.Count == 1)
        {
            return s.Values[0];
        }

        var pieces = new (double Value, double Weight)[s.Count - 1];
        for (var i = 0; i + 1 < s.Count; i++)
        {
            pieces[i] = (s.Values[i], s.Seconds[i + 1] - s.Seconds[i]);
        }

        Array.Sort(pieces, (a, b) => a.Value.CompareTo(b.Value));
        var total = pieces.Sum(p => p.Weight);
        if (total <= 0)
        {
            return s.Values[0];
        }

        double cumulative = 0;
        foreach (var (value, weight) in pieces)
        {
            cumulative += weight;
            if (cumulative >= q * total - 1e-12 * total)
            {
                return value;
            }
        }

        return pieces[^1].Value;
    }

    /// <summary>
    /// Increase of a counter from its first to its last sample inside the run. A drop is a counter reset (process
    /// restart): the post-reset value is added, as Prometheus' increase() does (without its extrapolation).
    /// </summary>
    /// <summary>
    /// <see cref="Final"/> of the raw series' finite samples inside [start, end] (Unix seconds, with
    /// <see cref="RunAlignment.ToleranceSeconds"/>), without building the aligned copy; adds the non-finite samples
    /// inside the window to <paramref name="skipped"/>.
    /// </summary>
    public static double? FinalInside(Series.TimeSeries raw, double start, double end, ref int skipped)
    {
        ArgumentNullException.ThrowIfNull(raw);
        double? last = null;
        for (var i = 0; i < raw.Count; i++)
        {
            if (!RunAlignment.Inside(raw.Timestamps[i], start, end)) continue;
            var v = raw.Values[i];
            if (!double.IsFinite(v)) { skipped++; continue; }
            last = v;
        }

        return last;
    }

    /// <summary><see cref="Increase"/> of the raw series' finite samples inside [start, end], without the aligned copy.</summary>
    public static double? IncreaseInside(Series.TimeSeries raw, double start, double end, ref int skipped)
    {
        ArgumentNullException.ThrowIfNull(raw);
        double? previous = null;
        double total = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            if (!RunAlignment.Inside(raw.Timestamps[i], start, end)) continue;
            var v = raw.Values[i];
            if (!double.IsFinite(v)) { skipped++; continue; }
            if (previous is { } p)
            {
                var delta = v - p;
                total += delta >= 0 ? delta : v;
            }

            previous = v;
        }

        return previous is null ? null : total;
    }

    /// <summary>
    /// The total a counter recorded during a run, from its raw samples (Unix seconds; <paramref name="raw"/> may hold
    /// samples before <paramref name="start"/> and after <paramref name="end"/>):
    /// <list type="number">
    /// <item>the samples used are the finite ones in [start, end] (± <see cref="RunAlignment.ToleranceSeconds"/>), plus the
    /// first sample after end if it lies within <paramref name="closingSeconds"/> of it (the scrape that closes the run);</item>
    /// <item>total = Σ over consecutive used samples of (v[i] − v[i−1]), or v[i] when v[i] &lt; v[i−1] (a reset: the
    /// process restarted from zero), so a scrape gap loses nothing the counter itself recorded;</item>
    /// <item>a series with no sample at or before start (an executor registered after the run began, a container
    /// started later) counts from zero: its first value is added, since Spark's per-executor totals and cgroup counters
    /// start at zero when the process starts. A series that was already there counts from its first sample in the run,
    /// unless that sample is below the last one before the run (a restart in between: from zero too).</item>
    /// </list>
    /// Null when no finite sample is used.
    /// </summary>
    /// <param name="raw">The series' raw samples, ascending.</param>
    /// <param name="start">Run start, Unix seconds.</param>
    /// <param name="end">Run end, Unix seconds.</param>
    /// <param name="closingSeconds">How long after the end the closing scrape may come.</param>
    /// <param name="skipped">Incremented per non-finite sample inside the run.</param>
    /// <param name="firstSeen">When the series (any copy of it) was first seen; at or before start: it was already there.</param>
    public static double? CounterTotal(Series.TimeSeries raw, double start, double end, double closingSeconds, ref int skipped, double firstSeen = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(raw);
        const double tol = RunAlignment.ToleranceSeconds;
        var there = firstSeen <= start + tol;
        var closed = false;
        double? before = null;
        double? previous = null;
        double total = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            var t = raw.Timestamps[i];
            if (t <= start + tol)
            {
                there = true;
            }

            if (t < start - tol)
            {
                if (double.IsFinite(raw.Values[i])) before = raw.Values[i];
                continue;
            }

            if (t > end + tol)
            {
                if (closed || t > end + closingSeconds + tol) break;
                closed = true;
            }

            var v = raw.Values[i];
            if (!double.IsFinite(v))
            {
                skipped++;
                continue;
            }

            if (previous is { } p)
            {
                var delta = v - p;
                total += delta >= 0 ? delta : v;
            }
            else if (!there || (before is { } b && v < b))
            {
                // Born during the run, or restarted between the last sample before it and the first inside: from zero.
                total = v;
            }

            previous = v;
            if (closed) break;
        }

        return previous is null ? null : total;
    }

    /// <summary>
    /// The peak of a running-peak series from raw samples: the largest finite sample in [start, end] and the first one
    /// after end when it lies within <paramref name="closingSeconds"/> (the closing scrape). A running peak never goes
    /// down while its process lives, so this is its final value; when the process restarted under the same labels (the
    /// line starts again from its new peak) it is the larger of the incarnations' peaks. Null when there is none.
    /// </summary>
    public static double? PeakRaw(Series.TimeSeries raw, double start, double end, double closingSeconds, ref int skipped)
    {
        ArgumentNullException.ThrowIfNull(raw);
        const double tol = RunAlignment.ToleranceSeconds;
        double? last = null;
        for (var i = 0; i < raw.Count; i++)
        {
            var t = raw.Timestamps[i];
            if (t < start - tol) continue;
            var closing = t > end + tol;
            if (closing && t > end + closingSeconds + tol) break;
            var v = raw.Values[i];
            if (!double.IsFinite(v))
            {
                if (!closing) skipped++;
                continue;
            }

            last = last is { } l ? Math.Max(l, v) : v;
            if (closing) break;
        }

        return last;
    }

    public static double? Increase(AlignedSeries s)
    {
        if (s.IsEmpty)
        {
            return null;
        }

        double total = 0;
        for (var i = 1; i < s.Count; i++)
        {
            var delta = s.Values[i] - s.Values[i - 1];
            total += delta >= 0 ? delta : s.Values[i];
        }

        return total;
    }
}
