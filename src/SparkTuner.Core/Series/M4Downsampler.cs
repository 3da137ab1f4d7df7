namespace SparkTuner.Core.Series;

/// <summary>
/// M4 downsampling for display (Jugel et al., VLDB 2014): per pixel column keep the first, last, minimum and maximum
/// sample, in time order. A line drawn through them is pixel-identical to one drawn through every sample, and no
/// peak is ever dropped — unlike LTTB, which can lose the global maximum. Statistics are never computed from the
/// output: they use full-resolution data.
/// Non-finite samples (NaN, ±Inf) are kept as gap markers (at most one per column), so a line breaks where the data did.
/// </summary>
public static class M4Downsampler
{
    /// <summary>
    /// Downsamples (<paramref name="x"/>, <paramref name="y"/>) (x ascending) to at most 4 points per column
    /// over <paramref name="columns"/> columns spanning [x[0], x[^1]]. Returns the input arrays unchanged when they
    /// are already small enough.
    /// </summary>
    public static (double[] X, double[] Y) Downsample(double[] x, double[] y, int columns)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} points but y has {y.Length}");
        }
        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "at least one column");
        }
        var n = x.Length;
        if (n <= 4 * columns)
        {
            return (x, y);
        }

        var x0 = x[0];
        var span = x[n - 1] - x0;
        var outX = new List<double>(4 * columns + 8);
        var outY = new List<double>(4 * columns + 8);
        Span<int> picks = stackalloc int[5];
        var i = 0;
        while (i < n)
        {
            var col = Column(x[i], x0, span, columns);
            int first = -1, last = -1, min = -1, max = -1, gap = -1;
            var j = i;
            for (; j < n && Column(x[j], x0, span, columns) == col; j++)
            {
                if (!double.IsFinite(y[j]))
                {
                    if (gap < 0) gap = j;
                    continue;
                }
                if (first < 0) first = j;
                last = j;
                if (min < 0 || y[j] < y[min]) min = j;
                if (max < 0 || y[j] > y[max]) max = j;
            }
            picks[0] = first; picks[1] = min; picks[2] = max; picks[3] = last; picks[4] = gap;
            picks.Sort();
            var previous = -1;
            foreach (var p in picks)
            {
                if (p < 0 || p == previous) continue;
                outX.Add(x[p]);
                outY.Add(y[p]);
                previous = p;
            }
            i = j;
        }
        return (outX.ToArray(), outY.ToArray());
    }

    private static int Column(double xi, double x0, double span, int columns)
    {
        if (span <= 0) return 0;
        var c = (int)((xi - x0) / span * columns);
        return c >= columns ? columns - 1 : c;
    }
}
