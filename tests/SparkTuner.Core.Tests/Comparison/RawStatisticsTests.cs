using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

/// <summary>Summary statistics from raw samples: the counter, running-peak and window rules of issue "numbers that hold".</summary>
public class RawStatisticsTests
{
    private static RunMetricData Raw(SparkRun run, MetricKind kind, MetricScope scope, params TimeSeries[] series) =>
        new(run, "m", scope, kind, MetricUnit.Seconds, series, scope == MetricScope.Executor ? "executor_id" : null)
        {
            RawSamples = true,
            ClosingSeconds = 15,
        };

    private static double Value(StatisticResult r) => r.Value ?? throw new Xunit.Sdk.XunitException("n/a: " + r.Reason);

    [Fact]
    public void CounterTotal_LastScrapeInsideRun_Counted()
    {
        // truth case final-scrape: scrapes at x.437 s carry 0, 10, 50; the run ends on the last one.
        var run = Run("r", durationSeconds: 30);
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor, Ts(run, [0, 15, 30], [0, 10, 50], "1"));
        Assert.Equal(50, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void CounterTotal_SeriesBornAfterRunStart_CountsFromZero()
    {
        // Executor 2 registers at 20 s and has already run 7 s of tasks at its first scrape: those 7 s belong to the run.
        var run = Run("r", durationSeconds: 60);
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor,
            Ts(run, [0, 30, 60], [5, 20, 40], "1"),
            Ts(run, [20.4, 45.4], [7, 19], "2"));
        // executor 1: there at start, 40 − 5 = 35; executor 2: 7 + 12 = 19
        Assert.Equal(54, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)), 9);
    }

    [Fact]
    public void CounterTotal_ResetAndGap_NothingTheCounterRecordedIsLost()
    {
        // 0 → 10 → (gap of 4 scrapes) → 90 → restart → 5 → 12: 10 + 80 + 5 + 7 = 102
        var run = Run("r", durationSeconds: 120);
        var data = Raw(run, MetricKind.Counter, MetricScope.Driver, Ts(run, [0, 15, 90, 105, 120], [0, 10, 90, 5, 12]));
        Assert.Equal(102, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void CounterTotal_ClosingScrapeWithinOneInterval_CountedLaterOnesNot()
    {
        // Spark says the run ended at 100 s; the scrape at 103 s carries its last increments, the one at 118.5 s is after
        // the closing window (15 s) and the one after that belongs to nothing.
        var run = Run("r", durationSeconds: 100);
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor, Ts(run, [-12, 3, 88, 103, 118.5], [0, 1, 70, 80, 95], "1"));
        // there at start (a sample before it): from its first sample inside, 1 → 80
        Assert.Equal(79, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void CounterIntegralAndMean_AreTotalAndTotalOverDuration()
    {
        // A CPU-seconds counter read for the "cores" metric: integral = core·s, mean = cores.
        var run = Run("r", durationSeconds: 600);
        var data = Raw(run, MetricKind.Counter, MetricScope.Driver, Ts(run, [0, 300, 600], [0, 90, 180]));
        Assert.Equal(180, Value(RunStatistics.Compute(data, Statistic.Integral, ExecutorAggregation.Sum)));
        Assert.Equal(0.3, Value(RunStatistics.Compute(data, Statistic.Mean, ExecutorAggregation.Sum)), 12);
    }

    [Fact]
    public void CounterTotal_SeveralSeriesOfOneExecutor_SummedThenMaxAcrossExecutors()
    {
        // Network interfaces: executor 1 has eth0 + eth1, executor 2 only eth0.
        var run = Run("r", durationSeconds: 30);
        static TimeSeries If(TimeSeries s, string iface) => s with { Labels = new Dictionary<string, string>(s.Labels) { ["interface"] = iface } };
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor,
            If(Ts(run, [0, 30], [0, 10], "1"), "eth0"), If(Ts(run, [0, 30], [0, 10], "1"), "eth1"), If(Ts(run, [0, 30], [0, 15], "2"), "eth0"));
        Assert.Equal(20, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Max)));
        Assert.Equal(35, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void RunningPeak_ClosingScrape_HoldsThePeak()
    {
        var run = Run("r", durationSeconds: 100);
        var data = Raw(run, MetricKind.RunningPeak, MetricScope.Executor, Ts(run, [0, 95, 104, 130], [100, 200, 300, 900], "1"));
        Assert.Equal(300, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Max)));
    }

    [Fact]
    public void GaugePeak_SamplesAfterTheRunEnd_NeverCount()
    {
        var run = Run("r", durationSeconds: 100);
        var data = Raw(run, MetricKind.Gauge, MetricScope.Driver, Ts(run, [-5, 0, 50, 100, 104], [999, 1, 7, 3, 999]));
        Assert.Equal(7, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Max)));
    }

    [Fact]
    public void Collapse_ReplicaCopies_OneKeptNeverSummed()
    {
        var run = Run("r", durationSeconds: 30);
        TimeSeries Copy(string replica, double offset, double[] values) =>
            Ts(run, [0 + offset, 15 + offset, 30 + offset], values, "1") with
            {
                Labels = new Dictionary<string, string> { ["__name__"] = "m", ["application_id"] = "r", ["executor_id"] = "1", ["prometheus_replica"] = replica },
            };
        var a = Copy("prometheus-k8s-0", 0, [0, 10, 50]);
        var b = Copy("prometheus-k8s-1", 4.2, [0, 10, 50]);
        var collapsed = SeriesIdentity.Collapse([a, b], ["application_id", "executor_id"]);
        var kept = Assert.Single(collapsed.Kept);
        Assert.Same(a, kept);
        Assert.Equal(["prometheus_replica"], collapsed.DifferingLabels);
        Assert.Contains("never summed", collapsed.Note);
    }

    [Fact]
    public void CounterTotal_FullerCopyScrapedLater_StillCountsFromItsFirstSampleNotFromZero()
    {
        // HA pair: copy a sees the run's first scrape but missed three; copy c is complete, 2.5 s later. The kept copy
        // (c) starts after the run's start, yet the series was there at the start (copy a saw it): 120 − 20, not 120.
        var run = Run("r", durationSeconds: 300);
        var seconds = Enumerable.Range(0, 21).Select(i => i * 15.0).ToArray();
        var values = seconds.Select((_, i) => 20 + 5.0 * i).ToArray();
        TimeSeries Copy(string replica, double offset, int[] missing)
        {
            var keep = Enumerable.Range(0, 21).Where(i => !missing.Contains(i)).ToArray();
            var s = Ts(run, keep.Select(i => seconds[i] + offset).ToArray(), keep.Select(i => values[i]).ToArray(), "1");
            return s with { Labels = new Dictionary<string, string>(s.Labels) { ["prometheus_replica"] = replica } };
        }

        var collapsed = SeriesIdentity.Collapse([Copy("a", 0, [3, 4, 5]), Copy("c", 2.5, [])], ["executor_id"]);
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor, [.. collapsed.Kept]) with { FirstSeen = collapsed.FirstSeen };
        Assert.Equal(100, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)), 9);
    }

    [Fact]
    public void Collapse_RestartedContainerUnderANewId_BothIncarnationsKeptAndCounted()
    {
        // cAdvisor: executor 2's container restarted (new id) — one series after the other, not copies.
        var run = Run("r", durationSeconds: 180);
        static TimeSeries Id(TimeSeries s, string id) => s with { Labels = new Dictionary<string, string>(s.Labels) { ["id"] = id } };
        var first = Id(Ts(run, [15, 30, 45, 60, 75, 90], [10, 20, 30, 40, 50, 60], "2"), "/c1");
        var second = Id(Ts(run, [105, 120, 135, 150, 165, 180], [4, 14, 24, 34, 44, 54], "2"), "/c2");
        var collapsed = SeriesIdentity.Collapse([first, second], ["executor_id"]);
        Assert.Equal(2, collapsed.Kept.Count);
        Assert.Null(collapsed.Note);
        var data = Raw(run, MetricKind.Counter, MetricScope.Executor, [.. collapsed.Kept]) with { FirstSeen = collapsed.FirstSeen };
        // both born after the start: 60 + 54
        Assert.Equal(114, Value(RunStatistics.Compute(data, Statistic.Increase, ExecutorAggregation.Sum)), 9);
    }

    [Fact]
    public void RunningPeak_ExecutorRestartedUnderTheSameId_TheLargerPeakCounts()
    {
        var run = Run("r", durationSeconds: 150);
        var data = Raw(run, MetricKind.RunningPeak, MetricScope.Executor, Ts(run, [0, 30, 60, 90, 120, 150], [200, 600, 1000, 100, 400, 550], "1"));
        Assert.Equal(1000, Value(RunStatistics.Compute(data, Statistic.Peak, ExecutorAggregation.Sum)));
    }

    [Fact]
    public void Collapse_CopyWithMoreSamples_Kept()
    {
        var run = Run("r");
        var full = Ts(run, [0, 15, 30], [1, 2, 3], "1") with { Labels = new Dictionary<string, string> { ["executor_id"] = "1", ["job"] = "b" } };
        var holey = Ts(run, [0, 30], [1, 3], "1") with { Labels = new Dictionary<string, string> { ["executor_id"] = "1", ["job"] = "a" } };
        Assert.Same(full, Assert.Single(SeriesIdentity.Collapse([holey, full], ["executor_id"]).Kept));
    }

    [Fact]
    public void Collapse_DistinctExecutors_AllKeptNoNote()
    {
        var run = Run("r");
        var result = SeriesIdentity.Collapse([Ts(run, [0], [1], "1"), Ts(run, [0], [1], "2")], ["application_id", "executor_id"]);
        Assert.Equal(2, result.Kept.Count);
        Assert.Null(result.Note);
    }

    [Fact]
    public void PodDirectory_ExportedLabels_ReadFirst()
    {
        var pods = PodDirectory.FromLabelSets(
        [
            new Dictionary<string, string>
            {
                ["namespace"] = "monitoring", ["pod"] = "kube-state-metrics-7c9d8", ["exported_namespace"] = "billing",
                ["exported_pod"] = "inv-exec-1", ["label_spark_role"] = "executor", ["label_spark_exec_id"] = "1",
            },
            new Dictionary<string, string> { ["namespace"] = "billing", ["pod"] = "inv.driver", ["label_spark_role"] = "driver" },
        ]);
        Assert.Equal([new SparkPod("billing", "inv-exec-1", "executor", "1"), new SparkPod("billing", "inv.driver", "driver", null)], pods);
        Assert.Equal("namespace=~\"billing\", pod=~\"inv\\\\.driver\"", PodDirectory.Matchers(PodDirectory.InScope(pods, MetricScope.Driver)));
        Assert.Null(PodDirectory.Matchers([]));
    }

    [Fact]
    public void PodDirectory_Attach_AddsExecutorIdAndDropsOtherPods()
    {
        var pods = new[] { new SparkPod("ns", "p-1", "executor", "1") };
        var mine = new TimeSeries(new Dictionary<string, string> { ["namespace"] = "ns", ["pod"] = "p-1" }, [1], [1]);
        var other = new TimeSeries(new Dictionary<string, string> { ["namespace"] = "other", ["pod"] = "p-1" }, [1], [1]);
        var attached = Assert.Single(PodDirectory.Attach([mine, other], pods));
        Assert.Equal("1", attached.Label(PodDirectory.ExecutorLabel));
    }

    [Fact]
    public async Task RawSampleReader_LongRange_ReadInChunksMergedOnce()
    {
        // 3 days of one sample per hour read in 1-day chunks: every sample once, in order, nothing outside [from, to].
        var from = Epoch;
        var to = Epoch.AddDays(3);
        var source = new HourlySource(from.AddHours(-5), to.AddHours(5));
        var result = await RawSampleReader.ReadAsync(source, "m{a=\"b\"}", from, to, TimeSpan.FromDays(1));
        var series = Assert.Single(result.Data);
        Assert.Equal(73, series.Count);
        Assert.Equal(RunAlignment.UnixSeconds(from), series.Timestamps[0]);
        Assert.Equal(RunAlignment.UnixSeconds(to), series.Timestamps[^1]);
        Assert.Equal(3, source.Queries.Count);
        Assert.All(source.Queries, q => Assert.EndsWith("[86400001ms]", q));
    }

    private sealed class HourlySource(DateTimeOffset first, DateTimeOffset last) : ITimeSeriesSource
    {
        public List<string> Queries { get; } = [];
        public string Describe => "hourly";

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            Queries.Add(promQl);
            var range = TimeSpan.FromMilliseconds(double.Parse(promQl[(promQl.LastIndexOf('[') + 1)..^3], System.Globalization.CultureInfo.InvariantCulture));
            var ts = new List<double>();
            for (var t = first; t <= last; t = t.AddHours(1))
            {
                if (t >= time - range && t <= time) ts.Add(RunAlignment.UnixSeconds(t));
            }

            IReadOnlyList<TimeSeries> data = [new TimeSeries(new Dictionary<string, string> { ["a"] = "b" }, ts.ToArray(), ts.Select(_ => 1.0).ToArray())];
            return Task.FromResult(QueryResult<IReadOnlyList<TimeSeries>>.Of(data));
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("x");
    }
}

public class QueryErrorHintsTests
{
    [Theory]
    [InlineData("execution: found duplicate series for the match group {namespace=\"a\", pod=\"b\"} on the right hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on one side", "honor_labels")]
    [InlineData("query processing would load too many samples into memory in query execution", "shorter range")]
    [InlineData("1:5: parse error: unexpected identifier", "Catalog")]
    public void Explain_KnownServerError_SaysWhatToDo(string error, string expected)
    {
        var text = QueryErrorHints.Explain(error);
        Assert.StartsWith(error, text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnknownError_Unchanged()
    {
        Assert.Equal("boom", QueryErrorHints.Explain("boom"));
        Assert.Null(QueryErrorHints.For(null));
    }
}
