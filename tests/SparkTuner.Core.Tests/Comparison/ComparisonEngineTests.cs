using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

public class ComparisonEngineTests
{
    internal static readonly MetricDefinition Heap = new("executor_heap", "Executor heap", "memory", MetricUnit.Bytes, MetricKind.Gauge,
        Direction.LowerIsBetter, [MetricScope.Executor], "JVM heap used");

    internal static readonly SummarySpec DurationRow = new("duration_seconds", "duration", MetricScope.Driver, Statistic.Duration, ExecutorAggregation.Sum, "Duration");

    internal static readonly SummarySpec HeapMean = new("executor_heap_mean_bytes", "executor_heap", MetricScope.Executor, Statistic.Mean, ExecutorAggregation.Sum, "Executor heap, mean");

    internal static readonly Dictionary<string, MetricDefinition> Catalog = new() { [Heap.Id] = Heap };

    /// <summary>Every run's executors hold a constant value per run (from <paramref name="valueOf"/>) for the whole run.</summary>
    private static Func<SparkRun, SummarySpec, RunMetricData?> Constant(Func<SparkRun, double?> valueOf) => (run, spec) =>
    {
        var v = valueOf(run);
        var d = run.Duration.TotalSeconds;
        return new RunMetricData(run, spec.MetricId, spec.Scope, MetricKind.Gauge, MetricUnit.Bytes,
            v is null ? [] : [Ts(run, [0, d / 2, d], [v.Value, v.Value, v.Value], "1")], "executor_id");
    };

    [Fact]
    public void Compare_EmptyBaseline_ThrowsClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ComparisonEngine.Compare([], [Run("c")], [DurationRow], Catalog, (_, _) => null));
        Assert.StartsWith("the baseline side has no runs", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() =>
            ComparisonEngine.Compare([Run("b")], [], [DurationRow], Catalog, (_, _) => null));
        Assert.StartsWith("the candidate side has no runs", ex2.Message);
    }

    [Fact]
    public void Compare_SameRunOnBothSides_ThrowsNamingId()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ComparisonEngine.Compare([Run("app-42")], [Run("app-42")], [DurationRow], Catalog, (_, _) => null));
        Assert.Contains("app-42", ex.Message);
    }

    [Fact]
    public void Compare_DurationOneRunPerSide_TalkNumbers()
    {
        // 100 s → 24 s: % change −76, RIP 0.76, better, no noise estimate
        var result = ComparisonEngine.Compare([Run("b", durationSeconds: 100)], [Run("c", 500, durationSeconds: 24)], [DurationRow], Catalog, (_, _) => null);
        var row = Assert.Single(result.Rows);
        Assert.Equal(100, row.Baseline);
        Assert.Equal(24, row.Candidate);
        Assert.Equal(-76, row.PercentChange!.Value, 9);
        Assert.Equal(0.76, row.Rip!.Value, 9);
        Assert.Equal(Verdict.Better, row.Verdict);
        Assert.Null(row.RipCi95);
        Assert.Equal("one run per side: no noise estimate possible", row.NoiseNote);
        Assert.Equal(MetricUnit.Seconds, row.Unit);
    }

    [Fact]
    public void Compare_GroupsOfThree_MeansSpreadIntervalAndVerdict()
    {
        SparkRun[] b = [Run("b1", 0, 30), Run("b2", 1000, 30), Run("b3", 2000, 30)];
        SparkRun[] c = [Run("c1", 3000, 30), Run("c2", 4000, 30), Run("c3", 5000, 30)];
        var values = new Dictionary<string, double> { ["b1"] = 100, ["b2"] = 104, ["b3"] = 96, ["c1"] = 70, ["c2"] = 72, ["c3"] = 68 };
        var result = ComparisonEngine.Compare(b, c, [HeapMean], Catalog, Constant(r => values[r.Id]));
        var row = Assert.Single(result.Rows);
        Assert.Equal(100, row.Baseline);
        Assert.Equal(70, row.Candidate);
        // sample sd of 100, 104, 96: sqrt((0 + 16 + 16)/2) = 4
        Assert.Equal(4, row.BaselineSpread!.Sd!.Value, 9);
        Assert.Equal((96, 104, 3), (row.BaselineSpread.Min, row.BaselineSpread.Max, row.BaselineSpread.N));
        Assert.Equal(["b1", "b2", "b3"], row.BaselineSpread.Values.Select(v => v.RunId));
        Assert.Equal(0.3, row.Rip!.Value, 9);
        Assert.NotNull(row.RipCi95);
        Assert.Equal(Verdict.Better, row.Verdict);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Compare_MetricMissingForOneRunOfThree_ComputedFromOthersWithNote()
    {
        SparkRun[] b = [Run("b1")];
        SparkRun[] c = [Run("c1", 100), Run("c2", 200), Run("c3", 300)];
        var result = ComparisonEngine.Compare(b, c, [HeapMean], Catalog, Constant(r => r.Id == "c2" ? null : r.Id == "b1" ? 100 : 50));
        var row = Assert.Single(result.Rows);
        Assert.Equal(50, row.Candidate);
        Assert.Equal(2, row.CandidateSpread!.N);
        Assert.Null(row.CandidateSpread.Values.Single(v => v.RunId == "c2").Value);
        Assert.Contains("missing for run c2 (1 of 3", row.Note);
    }

    [Fact]
    public void Compare_SideWithoutData_RowIsNotAvailableWithNote()
    {
        var result = ComparisonEngine.Compare([Run("b1")], [Run("c1", 100)], [HeapMean], Catalog, Constant(r => r.Id == "b1" ? 100 : null));
        var row = Assert.Single(result.Rows);
        Assert.Equal(Verdict.NotAvailable, row.Verdict);
        Assert.Null(row.Candidate);
        Assert.Null(row.Rip);
        Assert.Null(row.PercentChange);
        Assert.Contains("no data for run c1", row.Note);
    }

    [Fact]
    public void Compare_ExporterWithoutQuery_NoteSaysNotAvailableWithExporter()
    {
        var result = ComparisonEngine.Compare([Run("b1")], [Run("c1", 100)], [HeapMean], Catalog, (_, _) => null);
        Assert.Equal("not available with this exporter", result.Rows[0].Note);
        Assert.Equal(Verdict.NotAvailable, result.Rows[0].Verdict);
    }

    [Fact]
    public void Compare_ZeroBaselineNonZeroCandidate_PercentNullRipMinusOneWorse()
    {
        var result = ComparisonEngine.Compare([Run("b1")], [Run("c1", 100)], [HeapMean], Catalog, Constant(r => r.Id == "b1" ? 0 : 5));
        var row = result.Rows[0];
        Assert.Null(row.PercentChange);
        Assert.Equal(-1, row.Rip);
        Assert.Equal(Verdict.Worse, row.Verdict);
    }

    [Fact]
    public void Compare_RunsOfVeryDifferentLength_Warns()
    {
        var result = ComparisonEngine.Compare([Run("b1", 0, 400)], [Run("c1", 1000, 100)], [DurationRow], Catalog, (_, _) => null);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("b1", warning);
        Assert.Contains("c1", warning);
    }

    [Fact]
    public void Compare_NaNSamples_NoteCountsSkipped()
    {
        var result = ComparisonEngine.Compare([Run("b1")], [Run("c1", 100)], [HeapMean], Catalog, (run, spec) =>
            new RunMetricData(run, spec.MetricId, spec.Scope, MetricKind.Gauge, MetricUnit.Bytes,
                [Ts(run, [0, 10, 20, 30], [1, double.NaN, 1, 1], "1")], "executor_id"));
        Assert.Contains("1 samples skipped (NaN/Inf)", result.Rows[0].Note);
        Assert.Equal(1, result.Rows[0].Baseline);
    }

    [Fact]
    public void Compare_UnknownMetric_RowNotAvailable()
    {
        var spec = HeapMean with { MetricId = "nope" };
        var result = ComparisonEngine.Compare([Run("b1")], [Run("c1", 100)], [spec], Catalog, (_, _) => null);
        Assert.Equal(Verdict.NotAvailable, result.Rows[0].Verdict);
        Assert.Contains("nope", result.Rows[0].Note);
    }

    [Fact]
    public void Compare_RunOfOneScrape_EveryRowNotAvailableNeverBetter()
    {
        var single = Run("c", durationSeconds: 0);
        var result = ComparisonEngine.Compare([Run("b", durationSeconds: 300)], [single], [DurationRow, HeapMean], Catalog, Constant(_ => 5));

        Assert.All(result.Rows, r => Assert.Equal(Verdict.NotAvailable, r.Verdict));
        Assert.All(result.Rows, r => Assert.Contains("run c has a single scrape", r.Note, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_ReadNoteOfOneSide_SaysWhichSide()
    {
        Func<SparkRun, SummarySpec, RunMetricData?> data = (run, spec) => Constant(_ => 5)(run, spec)! with
        {
            Notes = run.Id.StartsWith('c') ? ["Spark 3.0 names (_Count / _Value) read"] : [],
        };
        var result = ComparisonEngine.Compare([Run("b1"), Run("b2")], [Run("c1"), Run("c2")], [HeapMean], Catalog, data);
        Assert.Equal("candidate: Spark 3.0 names (_Count / _Value) read", result.Rows[0].Note);

        Func<SparkRun, SummarySpec, RunMetricData?> everyRun = (run, spec) => Constant(_ => 5)(run, spec)! with { Notes = ["copies collapsed"] };
        Assert.Equal("copies collapsed", ComparisonEngine.Compare([Run("b1")], [Run("c1")], [HeapMean], Catalog, everyRun).Rows[0].Note);

        Func<SparkRun, SummarySpec, RunMetricData?> oneRun = (run, spec) => Constant(_ => 5)(run, spec)! with { Notes = run.Id == "b2" ? ["copies collapsed"] : [] };
        Assert.Equal("copies collapsed (run b2)", ComparisonEngine.Compare([Run("b1"), Run("b2")], [Run("c1")], [HeapMean], Catalog, oneRun).Rows[0].Note);
    }

    [Fact]
    public void Compare_NoDataButTheReadingSaysWhy_NoRepeatedNoDataNote()
    {
        Func<SparkRun, SummarySpec, RunMetricData?> data = (run, spec) =>
            new RunMetricData(run, spec.MetricId, spec.Scope, MetricKind.Gauge, MetricUnit.Bytes, [], "executor_id") { Notes = [$"no series for run {run.Id}: looked for x"] };
        var result = ComparisonEngine.Compare([Run("b")], [Run("c")], [HeapMean], Catalog, data);
        Assert.Equal("baseline: no series for run b: looked for x; candidate: no series for run c: looked for x", result.Rows[0].Note);
    }
}
