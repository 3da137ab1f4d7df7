namespace SparkTuner.Core.Series;

/// <summary>
/// A counter's raw samples as a per-second rate, for drawing a metric defined as a rate (CPU cores, network bytes per
/// second) from the counter it is read from.
/// </summary>
public static class CounterRates
{
    /// <summary>
    /// At each sample after the first: (v[i] − v[i−1]) ÷ (t[i] − t[i−1]), or v[i] ÷ (t[i] − t[i−1]) when the counter
    /// dropped (a reset: it restarted from zero), as Prometheus' <c>rate()</c> counts resets, over one scrape interval
    /// and without extrapolation. Non-finite samples are skipped (the rate spans the gap); the first sample has no rate.
    /// </summary>
    public static TimeSeries PerSecond(TimeSeries counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var times = new List<double>(counter.Count);
        var values = new List<double>(counter.Count);
        double? lastT = null, lastV = null;
        for (var i = 0; i < counter.Count; i++)
        {
            var (t, v) = (counter.Timestamps[i], counter.Values[i]);
            if (!double.IsFinite(v)) continue;
            if (lastT is { } pt && lastV is { } pv && t > pt)
            {
                times.Add(t);
                values.Add((v >= pv ? v - pv : v) / (t - pt));
            }

            (lastT, lastV) = (t, v);
        }

        return counter with { Timestamps = times.ToArray(), Values = values.ToArray() };
    }
}
