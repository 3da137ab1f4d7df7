using System.Text.Json;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Tests.Runs;

/// <summary>A run's state from Spark's REST API, on the wire, and in comparisons (warning, partial notes, run info).</summary>
public class RunStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly SparkRun Metrics = new("spark-1", "job-noncached", T0.AddSeconds(5), T0.AddSeconds(255), 4, "noncached");

    [Fact]
    public void WithSparkTimes_AttemptIncomplete_RunningWithTheMetricsTimes()
    {
        var run = Metrics.WithSparkTimes(new SparkRunTimes(T0, null, Completed: false));

        Assert.Equal(RunState.Running, run.State);
        Assert.Equal(Metrics.Start, run.Start);
        Assert.Equal(Metrics.End, run.End);
        Assert.Equal("metrics", run.TimesFrom);
    }

    [Fact]
    public void WithSparkTimes_AttemptCompleted_OutranksTheMetricsRunningRule()
    {
        var seenRunning = Metrics with { State = RunState.Running };

        var run = seenRunning.WithSparkTimes(new SparkRunTimes(T0, T0.AddSeconds(260), Completed: true));

        Assert.Equal(RunState.Completed, run.State);
        Assert.Equal(260, run.Duration.TotalSeconds);
        Assert.Equal("spark-rest", run.TimesFrom);
    }

    public static TheoryData<SparkRunTimes?> NotThisRun() => new()
    {
        null,                                                                   // REST does not know it
        new SparkRunTimes(T0.AddSeconds(300), null, Completed: false),          // an attempt that began after the metrics end
        new SparkRunTimes(T0.AddDays(-1), T0.AddDays(-1).AddSeconds(260), true), // completed, but another run with the id
    };

    [Theory]
    [MemberData(nameof(NotThisRun))]
    public void WithSparkTimes_UnknownOrAnotherRun_Unchanged(SparkRunTimes? times)
    {
        var seenRunning = Metrics with { State = RunState.Running };

        Assert.Same(Metrics, Metrics.WithSparkTimes(times));
        Assert.Same(seenRunning, seenRunning.WithSparkTimes(times));
    }

    [Fact]
    public void SparkRunTimesFrom_LiveAttempt_IncompleteWithoutEnd()
    {
        var attempt = new SparkAttempt(null, T0, null, TimeSpan.FromSeconds(30), "spark", Completed: false, "3.5.1");

        Assert.Equal(new SparkRunTimes(T0, null, false), SparkRunTimes.From(attempt));
        Assert.Null(SparkRunTimes.From(null));
    }

    [Fact]
    public void RunJson_State_RunningOrCompleted()
    {
        var json = RunJson.Serialize([Metrics, Metrics with { Id = "spark-2", State = RunState.Running }]);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["completed", "running"], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("state").GetString()));
    }

    private static readonly SummarySpec Duration = new("duration_seconds", "duration", MetricScope.Driver, Statistic.Duration, ExecutorAggregation.Sum, "Run duration");
    private static readonly SummarySpec HeapPeak = new("driver_heap_peak_bytes", "heap", MetricScope.Driver, Statistic.Peak, ExecutorAggregation.Sum, "Driver heap peak");
    private static readonly SummarySpec Spill = new("spill_disk_bytes", "spill", MetricScope.Executor, Statistic.Increase, ExecutorAggregation.Sum, "Spill to disk");

    private static readonly Dictionary<string, MetricDefinition> Metrics2 = new()
    {
        ["heap"] = new("heap", "Driver heap", "memory", MetricUnit.Bytes, MetricKind.Gauge, Direction.LowerIsBetter, [MetricScope.Driver], "heap"),
        ["spill"] = new("spill", "Spill", "shuffle", MetricUnit.Bytes, MetricKind.Counter, Direction.LowerIsBetter, [MetricScope.Executor], "spill"),
    };

    private static RunMetricData? HeapData(SparkRun run, SummarySpec spec)
    {
        if (spec.MetricId != "heap")
        {
            return null;
        }

        var s = run.Start.ToUnixTimeMilliseconds() / 1000.0;
        var e = run.End.ToUnixTimeMilliseconds() / 1000.0;
        var series = new TimeSeries(new Dictionary<string, string> { ["__name__"] = "heap" }, [s, (s + e) / 2, e], [1e8, 3e8, 2e8]);
        return new RunMetricData(run, "heap", MetricScope.Driver, MetricKind.Gauge, MetricUnit.Bytes, [series]);
    }

    [Fact]
    public void Compare_CandidateStillRunning_WarningNamesItAndEveryRowIsPartial()
    {
        var baseline = new SparkRun("spark-b", "daily-billing-prev", T0, T0.AddSeconds(600), 2, "prev");
        var candidate = new SparkRun("spark-c", "daily-billing-today", T0.AddSeconds(5000), T0.AddSeconds(5240), 2, "today") { State = RunState.Running };

        var result = ComparisonEngine.Compare([baseline], [candidate], [Duration, HeapPeak, Spill], Metrics2, HeapData);

        Assert.All(result.Rows, r => Assert.Contains("partial: run spark-c is still running", r.Note, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Rows, r => r.Note!.Contains("spark-b", StringComparison.Ordinal));
        // A run that has not finished has not done the same work: values so far, no better/worse verdict (600 s vs 240 s
        // would otherwise read "−60 %, better").
        Assert.Equal(Verdict.Informational, result.Rows[0].Verdict);
        Assert.Equal("no verdict while a run is still running", result.Rows[0].VerdictReason);
        Assert.Equal(240, result.Rows[0].Candidate);
        Assert.DoesNotContain(result.Rows, r => r.Verdict is Verdict.Better or Verdict.Worse or Verdict.WithinNoise);
        // The other notes stay: the n/a row still says why.
        Assert.StartsWith(ComparisonEngine.NotAvailableWithExporter, result.Rows[2].Note, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings, w => w.Contains("still running", StringComparison.Ordinal));
        Assert.Contains("spark-c", warning, StringComparison.Ordinal);
        Assert.Equal(RunState.Running, Assert.Single(result.Candidate.Runs).State);
        Assert.Equal(RunState.Completed, Assert.Single(result.Baseline.Runs).State);

        using var doc = JsonDocument.Parse(ComparisonJson.Serialize(result));
        Assert.Equal("running", doc.RootElement.GetProperty("candidate").GetProperty("runs")[0].GetProperty("state").GetString());
        Assert.Equal("completed", doc.RootElement.GetProperty("baseline").GetProperty("runs")[0].GetProperty("state").GetString());
        Assert.Equal(RunState.Running, ComparisonJson.Deserialize(ComparisonJson.Serialize(result)).Candidate.Runs[0].State);
    }

    [Fact]
    public void Compare_TwoRunningRuns_EachNamedInEveryRow()
    {
        var b = new SparkRun("spark-b", "b", T0, T0.AddSeconds(600), 2, "") { State = RunState.Running };
        var c = new SparkRun("spark-c", "c", T0.AddSeconds(700), T0.AddSeconds(1200), 2, "") { State = RunState.Running };

        var result = ComparisonEngine.Compare([b], [c], [Duration, HeapPeak], Metrics2, HeapData);

        Assert.All(result.Rows, r => Assert.Equal("partial: run spark-b is still running; partial: run spark-c is still running", r.Note));
        Assert.Contains(result.Warnings, w => w.StartsWith("runs spark-b, spark-c are still running", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_AllCompleted_NoPartialNoteNoWarning()
    {
        var b = new SparkRun("spark-b", "b", T0, T0.AddSeconds(600), 2, "");
        var c = new SparkRun("spark-c", "c", T0.AddSeconds(700), T0.AddSeconds(1200), 2, "");

        var result = ComparisonEngine.Compare([b], [c], [Duration, HeapPeak], Metrics2, HeapData);

        Assert.All(result.Rows, r => Assert.DoesNotContain("partial", r.Note ?? "", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("still running", StringComparison.Ordinal));
        Assert.Null(ComparisonEngine.PartialNote([b, c]));
    }

    [Fact]
    public async Task CompareAsync_RestSaysIncomplete_RunningAndRowsUnavailableWithTheExporterStayPartial()
    {
        // Discovery finds both runs finished long ago; Spark's REST API says the candidate's attempt is incomplete.
        var t0 = 1_700_000_000.0;
        var source = new FakeTimeSeriesSource()
            .Add(new Dictionary<string, string> { ["__name__"] = "metrics_executor_totalCores", ["application_id"] = "a", ["application_name"] = "a", ["executor_id"] = "driver" }, t0, t0 + 300)
            .Add(new Dictionary<string, string> { ["__name__"] = "metrics_executor_totalCores", ["application_id"] = "b", ["application_name"] = "b", ["executor_id"] = "driver" }, t0 + 600, t0 + 800);
        var times = new Rest(new() { ["a"] = new SparkRunTimes(null, null, true), ["b"] = new SparkRunTimes(DateTimeOffset.FromUnixTimeSeconds((long)t0 + 598), null, false) });
        var service = new ComparisonService(source, MetricCatalog.Default,
            new ComparisonServiceOptions { Profiles = ["spark-native"], ScrapeInterval = TimeSpan.FromSeconds(15) }, new RunDiscovery(source), times);
        var from = DateTimeOffset.FromUnixTimeSeconds((long)t0 - 3600);

        var report = await service.CompareAsync(new CompareRequest(["a"], ["b"], from, from.AddHours(3), ["duration_seconds", "spill_disk_bytes"], Groups: []));

        Assert.Equal(RunState.Completed, report.BaselineRuns[0].State);
        Assert.Equal(RunState.Running, report.CandidateRuns[0].State);
        Assert.Equal(2, report.Result.Rows.Count);
        Assert.All(report.Result.Rows, r => Assert.Contains("partial: run b is still running", r.Note, StringComparison.Ordinal));
        Assert.Equal(Verdict.NotAvailable, report.Result.Rows[1].Verdict);
    }

    private sealed class Rest(Dictionary<string, SparkRunTimes> known) : IRunTimesSource
    {
        public Task<SparkRunTimes?> TimesAsync(string applicationId, CancellationToken cancellationToken = default) =>
            Task.FromResult(known.GetValueOrDefault(applicationId));
    }
}
