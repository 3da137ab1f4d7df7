using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Charts;

/// <summary>
/// Builds the view model of one (metric, scope) chart from every run of both sides. Pure: no web, no I/O.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Every run is put on "seconds since its own start" (<see cref="RunAlignment.AlignAll"/>: only samples inside the run).</item>
/// <item>Executors are combined with the chosen aggregation (<see cref="RunAlignment.Aggregate"/>); with
/// <see cref="ExecutorAggregation.Each"/> every executor of every run is its own thin line, legend grouped by side.
/// A driver has one series (several are combined with max, and the note says so).</item>
/// <item>A side with one run is one line. A side with two runs or more is a mean line plus a min–max band, on the union
/// grid of the side's runs: each run is step-held (last value carried forward) from its first to its last sample, and
/// the mean, min and max at t use only the runs still running at t. The single runs are added hidden (legend only).</item>
/// <item>Counters are drawn as their increase since the run's start (a drop is a reset: the new value counts as increase).</item>
/// <item>Each side's peak is the maximum of its mean line (or single run, or executors), computed at full resolution.</item>
/// <item>Every trace is downsampled with <see cref="M4Downsampler"/> to the pixel width (never drops a peak).
/// NaN samples inside a run where no series had a value become gaps.</item>
/// </list>
/// </remarks>
public static class ChartPanelBuilder
{
    /// <summary>Default plot width in pixels (columns for M4).</summary>
    public const int DefaultPixelWidth = 1200;

    /// <summary>
    /// Executor lines per run drawn with <see cref="ExecutorAggregation.Each"/> unless all are asked for: a chart of
    /// hundreds of thin lines is unreadable and costs the browser hundreds of megabytes; the largest by peak are the
    /// ones a reader looks for.
    /// </summary>
    public const int DefaultTopExecutors = 10;

    /// <summary>Note of a running-peak panel.</summary>
    public const string RunningPeakNote = "running peak since executor start, not current usage";

    /// <summary>Note of a counter panel.</summary>
    public const string CounterNote = "counter drawn as its increase since run start (resets handled)";

    /// <summary>
    /// The data as drawn: raw samples of a counter behind a metric defined as a rate (CPU cores from CPU seconds,
    /// bytes per second from bytes) become that rate (<see cref="CounterRates.PerSecond"/>); anything else is unchanged.
    /// </summary>
    public static RunMetricData AsDrawn(MetricDefinition metric, RunMetricData data)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(data);
        return data.RawSamples && data.Kind == MetricKind.Counter && metric.Kind == MetricKind.Gauge
            ? data with { Kind = MetricKind.Gauge, Series = data.Series.Select(CounterRates.PerSecond).ToList(), FirstSeen = null }
            : data;
    }

    /// <summary>The panel title, also shown while the panel is still loading.</summary>
    public static string Title(MetricDefinition metric, MetricScope scope, ExecutorAggregation aggregation) =>
        scope == MetricScope.Driver
            ? $"{metric.DisplayName} · driver"
            : $"{metric.DisplayName} · executors ({(aggregation == ExecutorAggregation.Each ? "each" : aggregation.ToString().ToLowerInvariant())})";

    /// <summary>Builds the panel; <paramref name="baseline"/> and <paramref name="candidate"/> hold one entry per run, in run order.</summary>
    public static ChartPanelModel Build(
        MetricDefinition metric,
        MetricScope scope,
        IReadOnlyList<RunMetricData> baseline,
        IReadOnlyList<RunMetricData> candidate,
        ExecutorAggregation aggregation,
        int pixelWidth = DefaultPixelWidth,
        int? topExecutors = DefaultTopExecutors)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var columns = Math.Max(1, pixelWidth);
        baseline = baseline.Select(d => AsDrawn(metric, d)).ToList();
        candidate = candidate.Select(d => AsDrawn(metric, d)).ToList();
        var first = baseline.Concat(candidate).FirstOrDefault(d => !d.IsEmpty) ?? baseline.Concat(candidate).FirstOrDefault();
        var kind = first?.Kind ?? metric.Kind;
        var unit = first?.Unit ?? metric.Unit;
        var perExecutor = scope == MetricScope.Executor && aggregation == ExecutorAggregation.Each;

        var notes = new List<string>();
        var hidden = 0;
        var sides = new[]
        {
            (Side: ChartSides.Baseline, Lines: SideLines(baseline, scope, aggregation, notes)),
            (Side: ChartSides.Candidate, Lines: SideLines(candidate, scope, aggregation, notes)),
        };

        var maxAbs = sides.SelectMany(s => s.Lines).SelectMany(l => l.Y).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var display = DisplayScale.For(unit, maxAbs);

        var bands = new List<ChartTrace>();
        var background = new List<ChartTrace>();
        var foreground = new List<ChartTrace>();
        var markers = new List<ChartMarker>();
        foreach (var (side, lines) in sides)
        {
            var label = ChartSides.Label(side);
            var color = ChartColors.For(side);
            if (lines.Count == 0)
            {
                if (baseline.Count + candidate.Count > 0)
                {
                    notes.Add($"no {side} data");
                }

                continue;
            }

            Line peakSource;
            if (perExecutor)
            {
                var runs = lines.Select(l => l.RunIndex).Distinct().Count();
                var firstOfSide = true;
                // The side's peak is over every executor; only the drawing is cut to the top lines of each run.
                peakSource = lines.MaxBy(l => PeakIndex(l) is { } i ? l.Y[i] : double.NegativeInfinity)!;
                var drawn = topExecutors is { } top
                    ? lines.GroupBy(l => l.RunIndex).SelectMany(g => g.OrderByDescending(LinePeak).ThenBy(l => l.Executor, StringComparer.Ordinal).Take(Math.Max(1, top))).ToList()
                    : lines;
                hidden += lines.Count - drawn.Count;
                foreach (var line in drawn)
                {
                    var name = runs > 1 || line.RunIndex > 0
                        ? $"{label} · run {line.RunIndex + 1} · executor {line.Executor}"
                        : $"{label} · executor {line.Executor}";
                    foreground.Add(Trace(name, side, ChartRoles.Executor, line, color, firstOfSide, side, display, columns) with { LineWidth = 1 });
                    firstOfSide = false;
                }
            }
            else if (lines.Count == 1)
            {
                peakSource = lines[0];
                foreground.Add(Trace($"{label} · run {lines[0].RunIndex + 1}", side, ChartRoles.Run, lines[0], color, true, side, display, columns));
            }
            else
            {
                var (mean, low, high) = MeanBand(lines);
                peakSource = mean;
                bands.Add(Trace($"{label} · min", side, ChartRoles.BandLow, low, color, false, side, display, columns) with { LineWidth = 0 });
                bands.Add(Trace($"{label} · max", side, ChartRoles.BandHigh, high, color, false, side, display, columns) with
                {
                    LineWidth = 0,
                    Fill = "tonexty",
                    FillColor = ChartColors.WithAlpha(color, ChartColors.BandOpacity),
                });
                // The single runs share one legend entry per side (a click shows or hides them all): the legend stays two lines.
                var firstRun = true;
                foreach (var line in lines)
                {
                    background.Add(Trace($"{label} runs", side, ChartRoles.Run, line, color, firstRun, side + "-runs", display, columns) with
                    {
                        LineWidth = 1,
                        Visible = false,
                    });
                    firstRun = false;
                }

                foreground.Add(Trace($"{label} mean of {lines.Count}", side, ChartRoles.Mean, mean, color, true, side, display, columns) with { LineWidth = 2.5 });
            }

            if (PeakIndex(peakSource) is { } p)
            {
                var raw = peakSource.Y[p];
                markers.Add(new ChartMarker(side, peakSource.X[p], display.Apply(raw), "peak " + UnitFormatter.FormatValue(raw, unit), color));
            }
        }

        if (hidden > 0)
        {
            notes.Add($"top {topExecutors} executors of each run by peak shown; {hidden} more hidden");
        }

        if (kind == MetricKind.RunningPeak)
        {
            notes.Insert(0, scope == MetricScope.Driver ? "running peak since driver start, not current usage" : RunningPeakNote);
        }
        else if (kind == MetricKind.Counter)
        {
            notes.Insert(0, CounterNote);
        }

        var title = Title(metric, scope, aggregation);
        return new ChartPanelModel(
            title,
            metric.Id,
            scope,
            unit,
            display.Label,
            [.. bands, .. background, .. foreground],
            markers,
            notes.Count == 0 ? null : string.Join("; ", notes.Distinct()))
        {
            DisplayDivisor = display.Divisor,
            HiddenExecutors = hidden,
        };
    }

    /// <summary>A line's largest finite value (−∞ when it has none).</summary>
    private static double LinePeak(Line line) => line.Y.Where(double.IsFinite).DefaultIfEmpty(double.NegativeInfinity).Max();

    /// <summary>A line in raw units: run time in seconds, values (NaN = gap).</summary>
    private sealed record Line(int RunIndex, string? Executor, double[] X, double[] Y);

    private static List<Line> SideLines(IReadOnlyList<RunMetricData> runs, MetricScope scope, ExecutorAggregation aggregation, List<string> notes)
    {
        var lines = new List<Line>();
        for (var r = 0; r < runs.Count; r++)
        {
            var data = runs[r];
            if (data.IsEmpty)
            {
                continue;
            }

            var aligned = RunAlignment.AlignAll(data);
            var gaps = data.Series.Select(s => GapSeconds(s, data)).ToList();
            if (data.Kind == MetricKind.Counter)
            {
                aligned = aligned.Select(Increase).ToList();
            }

            var effective = aggregation;
            if (scope == MetricScope.Driver)
            {
                effective = ExecutorAggregation.Max;
                if (aligned.Count > 1)
                {
                    notes.Add($"{aligned.Count} driver series in run {data.Run.Id}; showing their max");
                }
            }

            if (effective == ExecutorAggregation.Each)
            {
                for (var i = 0; i < aligned.Count; i++)
                {
                    if (!aligned[i].IsEmpty)
                    {
                        var (x, y) = WithGaps(aligned[i].Seconds, aligned[i].Values, gaps[i]);
                        lines.Add(new Line(r, aligned[i].Name, x, y));
                    }
                }
            }
            else
            {
                var combined = RunAlignment.Aggregate(aligned, effective)[0];
                if (!combined.IsEmpty)
                {
                    var (x, y) = WithGaps(combined.Seconds, combined.Values, gaps.SelectMany(g => g).Order().ToArray());
                    lines.Add(new Line(r, null, x, y));
                }
            }
        }

        return lines;
    }

    /// <summary>Run seconds of the non-finite samples of <paramref name="series"/> inside the run.</summary>
    private static double[] GapSeconds(TimeSeries series, RunMetricData data)
    {
        var start = RunAlignment.UnixSeconds(data.Run.Start);
        var end = RunAlignment.UnixSeconds(data.Run.End);
        var result = new List<double>();
        for (var i = 0; i < series.Count; i++)
        {
            var t = series.Timestamps[i];
            if (!double.IsFinite(series.Values[i]) && t >= start - RunAlignment.ToleranceSeconds && t <= end + RunAlignment.ToleranceSeconds)
            {
                result.Add(Math.Max(0, t - start));
            }
        }

        return [.. result];
    }

    /// <summary>Inserts NaN at the gap times that have no finite sample (sorted merge; both inputs ascending).</summary>
    private static (double[] X, double[] Y) WithGaps(double[] x, double[] y, double[] gaps)
    {
        if (gaps.Length == 0)
        {
            return (x, y);
        }

        var outX = new List<double>(x.Length + gaps.Length);
        var outY = new List<double>(x.Length + gaps.Length);
        int i = 0, g = 0;
        while (i < x.Length || g < gaps.Length)
        {
            if (g >= gaps.Length || (i < x.Length && x[i] <= gaps[g] + RunAlignment.ToleranceSeconds))
            {
                if (g < gaps.Length && Math.Abs(x[i] - gaps[g]) <= RunAlignment.ToleranceSeconds)
                {
                    g++; // a finite value exists at this time: no gap
                }

                outX.Add(x[i]);
                outY.Add(y[i]);
                i++;
            }
            else
            {
                if (outX.Count == 0 || gaps[g] - outX[^1] > RunAlignment.ToleranceSeconds)
                {
                    outX.Add(gaps[g]);
                    outY.Add(double.NaN);
                }

                g++;
            }
        }

        return ([.. outX], [.. outY]);
    }

    /// <summary>
    /// Counter → increase since the first sample inside the run. A value below its predecessor is a counter reset,
    /// and the new value itself is the increase since the reset (Prometheus' increase() rule).
    /// </summary>
    private static AlignedSeries Increase(AlignedSeries s)
    {
        var values = new double[s.Count];
        for (var i = 1; i < s.Count; i++)
        {
            var delta = s.Values[i] - s.Values[i - 1];
            values[i] = values[i - 1] + (delta >= 0 ? delta : s.Values[i]);
        }

        return s with { Values = values };
    }

    /// <summary>
    /// Mean, min and max of a side's runs on the union grid of their (finite) samples. Each run is step-held from its
    /// first to its last sample; at each grid time only the runs alive then contribute.
    /// </summary>
    private static (Line Mean, Line Low, Line High) MeanBand(IReadOnlyList<Line> runs)
    {
        var finite = runs.Select(r =>
        {
            var keep = Enumerable.Range(0, r.X.Length).Where(i => double.IsFinite(r.Y[i])).ToArray();
            return (X: keep.Select(i => r.X[i]).ToArray(), Y: keep.Select(i => r.Y[i]).ToArray());
        }).Where(r => r.X.Length > 0).ToList();

        var grid = new List<double>();
        foreach (var t in finite.SelectMany(r => r.X).Order())
        {
            if (grid.Count == 0 || t - grid[^1] > RunAlignment.ToleranceSeconds)
            {
                grid.Add(t);
            }
        }

        var cursors = new int[finite.Count];
        var gx = new List<double>(grid.Count);
        var mean = new List<double>(grid.Count);
        var low = new List<double>(grid.Count);
        var high = new List<double>(grid.Count);
        foreach (var t in grid)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            var n = 0;
            for (var k = 0; k < finite.Count; k++)
            {
                var (x, y) = finite[k];
                if (t < x[0] - RunAlignment.ToleranceSeconds || t > x[^1] + RunAlignment.ToleranceSeconds)
                {
                    continue;
                }

                while (cursors[k] + 1 < x.Length && x[cursors[k] + 1] <= t + RunAlignment.ToleranceSeconds)
                {
                    cursors[k]++;
                }

                var v = y[cursors[k]];
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                n++;
            }

            if (n == 0)
            {
                continue;
            }

            gx.Add(t);
            mean.Add(sum / n);
            low.Add(min);
            high.Add(max);
        }

        var xs = gx.ToArray();
        return (new Line(0, null, xs, [.. mean]), new Line(0, null, xs, [.. low]), new Line(0, null, xs, [.. high]));
    }

    private static int? PeakIndex(Line line)
    {
        int? best = null;
        for (var i = 0; i < line.Y.Length; i++)
        {
            if (double.IsFinite(line.Y[i]) && (best is null || line.Y[i] > line.Y[best.Value]))
            {
                best = i;
            }
        }

        return best;
    }

    private static ChartTrace Trace(string name, string side, string role, Line line, string color, bool showInLegend, string? legendGroup, DisplayScale display, int columns)
    {
        var y = Array.ConvertAll(line.Y, display.Apply);
        var (dx, dy) = M4Downsampler.Downsample(line.X, y, columns);
        // Display copies only (statistics never see them): milliseconds on x and 5 significant digits on y are
        // finer than a pixel, and halve what travels to the browser.
        return new ChartTrace(name, side, role, Array.ConvertAll(dx, v => Math.Round(v, 3)), Array.ConvertAll(dy, v => RoundSignificant(v, 5)), color, showInLegend, legendGroup);
    }

    /// <summary>Rounds to <paramref name="digits"/> significant digits; non-finite values pass through (they are gaps).</summary>
    internal static double RoundSignificant(double v, int digits)
    {
        if (!double.IsFinite(v) || v == 0) return v;
        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        return Math.Round(v * scale) / scale;
    }
}
