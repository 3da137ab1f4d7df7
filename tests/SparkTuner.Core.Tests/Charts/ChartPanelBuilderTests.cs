using SparkTuner.Core.Catalog;
using SparkTuner.Core.Charts;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Charts;

public class ChartPanelBuilderTests
{
    private const double GiB = 1024.0 * 1024 * 1024;
    private const double MiB = 1024.0 * 1024;

    private static MetricDefinition Metric(MetricKind kind = MetricKind.Gauge, MetricUnit unit = MetricUnit.Bytes) =>
        new("executor_heap", "Executor heap", "memory", unit, kind, Direction.LowerIsBetter, [MetricScope.Driver, MetricScope.Executor], "heap");

    private static RunMetricData Exec(SparkRun run, MetricKind kind, MetricUnit unit, params TimeSeries[] series) =>
        new(run, "executor_heap", MetricScope.Executor, kind, unit, series, "executor_id");

    private static RunMetricData Gauge(SparkRun run, double[] seconds, double[] values, MetricUnit unit = MetricUnit.Bytes) =>
        Exec(run, MetricKind.Gauge, unit, Ts(run, seconds, values, "1"));

    private static ChartPanelModel Build(IReadOnlyList<RunMetricData> baseline, IReadOnlyList<RunMetricData> candidate,
        ExecutorAggregation aggregation = ExecutorAggregation.Sum, MetricKind kind = MetricKind.Gauge, MetricUnit unit = MetricUnit.Bytes, int width = 1200) =>
        ChartPanelBuilder.Build(Metric(kind, unit), MetricScope.Executor, baseline, candidate, aggregation, width);

    private static ChartTrace Single(ChartPanelModel m, string side, string role) => Assert.Single(m.Traces, t => t.Side == side && t.Role == role);

    [Fact]
    public void Build_RunsWithDifferentStarts_AlignsEachToItsOwnStart()
    {
        var a = Run("a", startOffsetSeconds: 0, durationSeconds: 20);
        var b = Run("b", startOffsetSeconds: 3600, durationSeconds: 20);
        // Samples before and after each run must be left out (lookback padding).
        var model = Build(
            [Gauge(a, [-10, 0, 10, 20, 300], [9, 1, 2, 3, 9], MetricUnit.Cores)],
            [Gauge(b, [-5, 0, 10, 20], [9, 4, 5, 6], MetricUnit.Cores)],
            unit: MetricUnit.Cores);

        var baseline = Single(model, ChartSides.Baseline, ChartRoles.Run);
        var candidate = Single(model, ChartSides.Candidate, ChartRoles.Run);
        Assert.Equal([0, 10, 20], baseline.X);
        Assert.Equal([1, 2, 3], baseline.Y);
        Assert.Equal([0, 10, 20], candidate.X);
        Assert.Equal([4, 5, 6], candidate.Y);
        Assert.Equal("Baseline · run 1", baseline.Name);
        Assert.Equal(ChartColors.Baseline, baseline.Color);
        Assert.Equal(ChartColors.Candidate, candidate.Color);
        Assert.Equal("cores", model.YAxisTitle);
    }

    [Fact]
    public void Build_ThreeRunsOnOneSide_MeanAndBandUseOnlyRunsStillRunning()
    {
        var r1 = Run("1", 0, 20);
        var r2 = Run("2", 100, 20);
        var r3 = Run("3", 500, 10);
        var model = Build(
            [
                Gauge(r1, [0, 10, 20], [1, 2, 3], MetricUnit.Cores),
                Gauge(r2, [0, 5, 10, 20], [3, 4, 5, 6], MetricUnit.Cores),
                Gauge(r3, [0, 10], [5, 8], MetricUnit.Cores),
            ],
            [Gauge(Run("c"), [0, 10], [1, 1], MetricUnit.Cores)],
            unit: MetricUnit.Cores);

        var mean = Single(model, ChartSides.Baseline, ChartRoles.Mean);
        var low = Single(model, ChartSides.Baseline, ChartRoles.BandLow);
        var high = Single(model, ChartSides.Baseline, ChartRoles.BandHigh);
        Assert.Equal([0, 5, 10, 20], mean.X);
        // t=5: r1 holds 1, r2 is 4, r3 holds 5. t=20: r3 has ended, so only r1 (3) and r2 (6).
        // Display values carry 5 significant digits (10/3 is drawn as 3.3333).
        Assert.Equal([3, 10.0 / 3, 5, 4.5], mean.Y, new DoubleTolerance(1e-4));
        Assert.Equal([1, 1, 2, 3], low.Y);
        Assert.Equal([5, 5, 8, 6], high.Y);
        Assert.Equal("tonexty", high.Fill);
        Assert.Null(low.Fill);
        Assert.Equal("rgba(76,120,168,0.2)", high.FillColor);
        Assert.True(model.Traces.ToList().IndexOf(high) == model.Traces.ToList().IndexOf(low) + 1, "the high edge must directly follow its low edge");
        Assert.Equal(3, model.Traces.Count(t => t.Side == ChartSides.Baseline && t.Role == ChartRoles.Run && !t.Visible));
        Assert.Equal("Baseline mean of 3", mean.Name);
    }

    [Fact]
    public void Build_GaugeInBytes_PeakMarkerAtMaximumOfMeanLine()
    {
        var model = Build(
            [Gauge(Run("1"), [0, 10, 20], [1 * GiB, 3 * GiB, 2 * GiB]), Gauge(Run("2"), [0, 10, 20], [1 * GiB, 3.4 * GiB, 2 * GiB])],
            [Gauge(Run("c"), [0, 10, 20], [1 * GiB, 1.5 * GiB, 0.5 * GiB])]);

        var baseline = Assert.Single(model.PeakMarkers, m => m.Side == ChartSides.Baseline);
        Assert.Equal(10, baseline.X);
        Assert.Equal(3.2, baseline.Y, 9);
        Assert.Equal("peak 3.20 GiB", baseline.Text);
        var candidate = Assert.Single(model.PeakMarkers, m => m.Side == ChartSides.Candidate);
        Assert.Equal(1.5, candidate.Y, 9);
        Assert.Equal(ChartColors.Candidate, candidate.Color);
    }

    [Theory]
    [InlineData(3.0 * GiB, "GiB", GiB)]
    [InlineData(800.0 * MiB, "MiB", MiB)]
    [InlineData(512.0, "bytes", 1)]
    public void Build_Bytes_ChoosesPrefixFromPanelMaximum(double max, string label, double divisor)
    {
        var model = Build([Gauge(Run("1"), [0, 10], [max / 2, max])], [Gauge(Run("2"), [0, 10], [max / 4, max / 3])]);

        Assert.Equal(label, model.YAxisTitle);
        Assert.Equal(divisor, model.DisplayDivisor);
        Assert.Equal(max / divisor, Single(model, ChartSides.Baseline, ChartRoles.Run).Y.Max(), 9);
    }

    [Fact]
    public void Build_BytesPerSecondAndRatio_UseRateAndPercentAxis()
    {
        Assert.Equal("MiB/s", Build([Gauge(Run("1"), [0], [5 * MiB], MetricUnit.BytesPerSecond)], [], unit: MetricUnit.BytesPerSecond).YAxisTitle);
        var ratio = Build([Gauge(Run("1"), [0, 1], [0.25, 0.5], MetricUnit.Ratio)], [], unit: MetricUnit.Ratio);
        Assert.Equal("%", ratio.YAxisTitle);
        Assert.Equal([25, 50], Single(ratio, ChartSides.Baseline, ChartRoles.Run).Y, new DoubleTolerance(1e-9));
    }

    [Fact]
    public void Build_Counter_DrawsIncreaseSinceRunStartWithResets()
    {
        var run = Run("1", 0, 40);
        var data = Exec(run, MetricKind.Counter, MetricUnit.Count, Ts(run, [-5, 0, 10, 20, 30, 40], [1, 100, 110, 130, 5, 15], "1"));

        var model = Build([data], [], kind: MetricKind.Counter, unit: MetricUnit.Count);

        var line = Single(model, ChartSides.Baseline, ChartRoles.Run);
        // 100 → 110 → 130: +10, +30; then a reset to 5 counts 5; then +10.
        Assert.Equal([0, 10, 30, 35, 45], line.Y);
        Assert.Contains("increase since run start", model.Note);
    }

    [Fact]
    public void Build_RunningPeak_NotesItIsNotCurrentUsage()
    {
        var run = Run("1");
        var model = ChartPanelBuilder.Build(Metric(MetricKind.RunningPeak), MetricScope.Executor,
            [Exec(run, MetricKind.RunningPeak, MetricUnit.Bytes, Ts(run, [0, 10], [1, 2], "1"))], [], ExecutorAggregation.Max);

        Assert.Contains(ChartPanelBuilder.RunningPeakNote, model.Note);
        Assert.Equal([1, 2], Single(model, ChartSides.Baseline, ChartRoles.Run).Y);
    }

    [Fact]
    public void Build_EachExecutor_OneThinTracePerExecutorGroupedBySide()
    {
        var r1 = Run("1");
        var r2 = Run("2");
        var c = Run("c");
        var model = Build(
            [
                Exec(r1, MetricKind.Gauge, MetricUnit.Cores, Ts(r1, [0, 10], [1, 2], "1"), Ts(r1, [0, 10], [3, 4], "2")),
                Exec(r2, MetricKind.Gauge, MetricUnit.Cores, Ts(r2, [0, 10], [1, 2], "1"), Ts(r2, [0, 10], [3, 4], "2"), Ts(r2, [5], [9], "3")),
            ],
            [Exec(c, MetricKind.Gauge, MetricUnit.Cores, Ts(c, [0, 10], [1, 1], "1"))],
            ExecutorAggregation.Each, unit: MetricUnit.Cores);

        var baseline = model.Traces.Where(t => t.Side == ChartSides.Baseline).ToList();
        Assert.Equal(5, baseline.Count);
        Assert.All(baseline, t => Assert.Equal(ChartRoles.Executor, t.Role));
        Assert.All(baseline, t => Assert.Equal(ChartSides.Baseline, t.LegendGroup));
        Assert.All(baseline, t => Assert.True(t.LineWidth < 2));
        Assert.Single(baseline, t => t.ShowInLegend);
        Assert.Contains(baseline, t => t.Name == "Baseline · run 2 · executor 3");
        Assert.Equal("Candidate · executor 1", Single(model, ChartSides.Candidate, ChartRoles.Executor).Name);
        Assert.DoesNotContain(model.Traces, t => t.Role is ChartRoles.Mean or ChartRoles.BandHigh);
        Assert.Equal(9, model.PeakMarkers.Single(m => m.Side == ChartSides.Baseline).Y);
    }

    [Fact]
    public void Build_EachWithManyExecutors_TopTenByPeakDrawnRestCounted()
    {
        var run = Run("1");
        // Executor i peaks at i (1..25): the ten largest are 16..25.
        var series = Enumerable.Range(1, 25).Select(i => Ts(run, [0, 10], [0, i], i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var data = Exec(run, MetricKind.Gauge, MetricUnit.Cores, series);
        var model = ChartPanelBuilder.Build(Metric(MetricKind.Gauge, MetricUnit.Cores), MetricScope.Executor, [data], [], ExecutorAggregation.Each);

        var drawn = model.Traces.Where(t => t.Side == ChartSides.Baseline).Select(t => t.Name).ToList();
        Assert.Equal(Enumerable.Range(16, 10).Select(i => $"Baseline · executor {i}").Order(), drawn.Order());
        Assert.Equal(15, model.HiddenExecutors);
        Assert.Contains("15 more hidden", model.Note, StringComparison.Ordinal);
        Assert.Equal(25, model.PeakMarkers.Single().Y);

        var all = ChartPanelBuilder.Build(Metric(MetricKind.Gauge, MetricUnit.Cores), MetricScope.Executor, [data], [], ExecutorAggregation.Each, topExecutors: null);
        Assert.Equal(25, all.Traces.Count);
        Assert.Equal(0, all.HiddenExecutors);
    }

    [Fact]
    public void Build_SumOfExecutors_CombinesOnUnionGrid()
    {
        var run = Run("1");
        var model = Build([Exec(run, MetricKind.Gauge, MetricUnit.Cores, Ts(run, [0, 10, 20], [1, 1, 1], "1"), Ts(run, [10, 20], [2, 2], "2"))], [], unit: MetricUnit.Cores);

        Assert.Equal([1, 3, 3], Single(model, ChartSides.Baseline, ChartRoles.Run).Y);
        Assert.EndsWith("executors (sum)", model.Title);
    }

    [Fact]
    public void Build_LongSeries_DownsampledToAboutFourPointsPerPixelKeepingGlobalMax()
    {
        var run = Run("1", 0, 100_000);
        var n = 100_000;
        var seconds = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var values = seconds.Select(s => Math.Sin(s / 50) * GiB + 2 * GiB).ToArray();
        values[77_777] = 9 * GiB;

        var model = Build([Gauge(run, seconds, values)], [], width: 300);

        var line = Single(model, ChartSides.Baseline, ChartRoles.Run);
        Assert.True(line.X.Length <= 4 * 300 + 8, $"{line.X.Length} points for 300 px");
        Assert.Equal(9.0, line.Y.Max(), 9);
        Assert.Equal(77_777, line.X[Array.IndexOf(line.Y, line.Y.Max())]);
        Assert.Equal(9.0, model.PeakMarkers.Single().Y, 9);
    }

    [Fact]
    public void Build_NaNInsideRun_KeptAsGap()
    {
        var run = Run("1");
        var model = Build([Gauge(run, [0, 10, 20, 30], [1, double.NaN, 3, 4], MetricUnit.Cores)], [], unit: MetricUnit.Cores);

        var line = Single(model, ChartSides.Baseline, ChartRoles.Run);
        Assert.Equal([0, 10, 20, 30], line.X);
        Assert.True(double.IsNaN(line.Y[1]));
        Assert.Equal(4, model.PeakMarkers.Single().Y);
    }

    [Fact]
    public void Build_SideWithoutData_NotesItAndOtherSideStillDrawn()
    {
        var run = Run("c");
        var model = Build([Exec(Run("1"), MetricKind.Gauge, MetricUnit.Cores)], [Gauge(run, [0], [1], MetricUnit.Cores)], unit: MetricUnit.Cores);

        Assert.DoesNotContain(model.Traces, t => t.Side == ChartSides.Baseline);
        Assert.Contains("no baseline data", model.Note);
        Assert.False(model.IsEmpty);
        Assert.True(Build([Exec(Run("1"), MetricKind.Gauge, MetricUnit.Cores)], []).IsEmpty);
    }

    [Fact]
    public void ForSide_Candidate_KeepsOnlyCandidateTracesAndMarker()
    {
        var model = Build([Gauge(Run("1"), [0, 1], [1, 2]), Gauge(Run("2"), [0, 1], [1, 3])], [Gauge(Run("c"), [0, 1], [2, 2])]);

        var candidate = model.ForSide(ChartSides.Candidate);

        Assert.All(candidate.Traces, t => Assert.Equal(ChartSides.Candidate, t.Side));
        Assert.Single(candidate.Traces);
        Assert.Equal(ChartSides.Candidate, Assert.Single(candidate.PeakMarkers).Side);
        Assert.Equal(model.YAxisTitle, candidate.YAxisTitle);
    }

    [Fact]
    public void WithAlpha_HexColour_ReturnsRgba()
    {
        Assert.Equal("rgba(228,87,86,0.2)", ChartColors.WithAlpha(ChartColors.Candidate, 0.2));
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

public class DisplayRoundingTests
{
    [Theory]
    [InlineData(3.3333333333, 3.3333)]
    [InlineData(123456789.0, 123460000.0)]
    [InlineData(0.000123456789, 0.00012346)]
    [InlineData(-98765.4321, -98765.0)]
    [InlineData(0.0, 0.0)]
    public void RoundSignificant_FiveDigits_KeepsWhatAPixelCanShow(double value, double expected)
    {
        Assert.Equal(expected, SparkTuner.Core.Charts.ChartPanelBuilder.RoundSignificant(value, 5), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void RoundSignificant_NonFinite_PassesThroughAsGap()
    {
        Assert.True(double.IsNaN(SparkTuner.Core.Charts.ChartPanelBuilder.RoundSignificant(double.NaN, 5)));
        Assert.Equal(double.PositiveInfinity, SparkTuner.Core.Charts.ChartPanelBuilder.RoundSignificant(double.PositiveInfinity, 5));
    }
}
