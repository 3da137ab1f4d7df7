using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Runs;

public class RunDiscoveryTests
{
    private const double T0 = 1_700_000_000;
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds((long)T0 - 3600);
    private static readonly DateTimeOffset To = DateTimeOffset.FromUnixTimeSeconds((long)T0 + 7200);

    private static Dictionary<string, string> Native(string app, string name, string exec) => new()
    {
        ["__name__"] = "metrics_executor_totalCores",
        ["application_id"] = app,
        ["application_name"] = name,
        ["executor_id"] = exec,
    };

    private static double[] Samples(double start, double end, double step = 15)
    {
        var list = new List<double>();
        for (var t = start; t <= end; t += step)
        {
            list.Add(t);
        }

        return list.ToArray();
    }

    private static FakeTimeSeriesSource TwoApps() => new FakeTimeSeriesSource()
        .Add(Native("spark-b", "cartesian-200k-cached", "driver"), Samples(T0 + 600, T0 + 1200))
        .Add(Native("spark-b", "cartesian-200k-cached", "1"), Samples(T0 + 620, T0 + 1190))
        .Add(Native("spark-a", "cartesian-200k-noncached", "driver"), Samples(T0 + 3, T0 + 543))
        .Add(Native("spark-a", "cartesian-200k-noncached", "1"), Samples(T0 + 20, T0 + 500))
        .Add(Native("spark-a", "cartesian-200k-noncached", "2"), Samples(T0 + 20, T0 + 500))
        .Add(Native("spark-a", "cartesian-200k-noncached", "2"), Samples(T0 + 20, T0 + 500));

    [Fact]
    public async Task DiscoverAsync_TwoApps_StartEndFromRawSamplesExecutorsVariantsSorted()
    {
        var source = TwoApps();
        var runs = await new RunDiscovery(source).DiscoverAsync(From, To, CancellationToken.None);

        Assert.Equal(["spark-a", "spark-b"], runs.Select(r => r.Id));
        var a = runs[0];
        Assert.Equal("cartesian-200k-noncached", a.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 3), a.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 543), a.End);
        Assert.Equal(2, a.Executors);
        Assert.Equal("noncached", a.Variant);
        Assert.Equal("cached", runs[1].Variant);
        Assert.Equal(1, runs[1].Executors);
        Assert.Equal(TimeSpan.FromSeconds(600), runs[1].Duration);
        Assert.All(source.RawQueries, q => Assert.Contains("executor_id=\"driver\"", q));
        // Under its name or Spark 3.0's _Count name.
        Assert.Contains("{__name__=~\"metrics_executor_totalCores|metrics_executor_totalCores_Count\",application_id!=\"\"}", source.SeriesMatchers);
    }

    [Fact]
    public async Task DiscoverAsync_RangeLongerThanTheMaximum_RefusedBeforeAnyQuery()
    {
        var source = TwoApps();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new RunDiscovery(source).DiscoverAsync(DateTimeOffset.UnixEpoch, To));
        Assert.Contains("at most 31 days are searched (Runs:MaxSearchRangeDays). Pick a shorter range.", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => new RunDiscovery(source).FindAsync("spark-a", To.AddDays(-32), To));
        var shorter = RunDiscoveryOptions.SparkNative with { MaxSearchRange = TimeSpan.FromDays(2) };
        await Assert.ThrowsAsync<ArgumentException>(() => new RunDiscovery(source, shorter).FindManyAsync(["spark-a", "spark-b"], To.AddDays(-3), To));
        Assert.Empty(source.RawQueries);
        Assert.Empty(source.SeriesMatchers);
    }

    [Fact]
    public async Task DiscoverAsync_EndInTheFuture_ClippedToNow()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(To);
        var source = TwoApps();

        var runs = await new RunDiscovery(source, clock: clock).DiscoverAsync(From, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, runs.Count);
        // Read up to now only: a few day-chunks, not 8,000 years of them.
        Assert.InRange(source.RawQueries.Count, 1, 4);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new RunDiscovery(source, clock: clock).DiscoverAsync(To.AddDays(1), To.AddDays(2)));
        Assert.Contains("not in the past", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindManyAsync_TwentyApps_QueriesPerChunkNotPerApp()
    {
        var source = new FakeTimeSeriesSource();
        for (var i = 0; i < 20; i++)
        {
            source.Add(Native($"spark-{i:00}", $"job-{i}", "driver"), Samples(T0 + 3600 * i, T0 + 3600 * i + 100));
        }
        var from = DateTimeOffset.FromUnixTimeSeconds((long)T0 - 86400);
        var to = DateTimeOffset.FromUnixTimeSeconds((long)T0 + 3 * 86400);
        var ids = Enumerable.Range(0, 20).Select(i => $"spark-{i:00}").Append("spark-unknown").ToList();

        var runs = await new RunDiscovery(source).FindManyAsync(ids, from, to);

        Assert.Equal(20, runs.Count);
        Assert.False(runs.ContainsKey("spark-unknown"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 3600 * i), runs[$"spark-{i:00}"].Start);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 3600 * i + 90), runs[$"spark-{i:00}"].End);
        }
        // One series lookup; raw reads: 4 day-chunks forward until every first is found, back until every last is: at most 2 per chunk.
        Assert.Single(source.SeriesMatchers);
        Assert.InRange(source.RawQueries.Count, 1, 2 * 4);
    }

    [Fact]
    public async Task DiscoverAsync_LongWindow_ChunkedRawReads()
    {
        var source = new FakeTimeSeriesSource()
            .Add(Native("spark-long", "long-job", "driver"), Samples(T0, T0 + 3 * 86400, 600));
        var from = DateTimeOffset.FromUnixTimeSeconds((long)T0 - 86400);
        var to = DateTimeOffset.FromUnixTimeSeconds((long)T0 + 5 * 86400);

        var runs = await new RunDiscovery(source).DiscoverAsync(from, to, CancellationToken.None);

        var run = Assert.Single(runs);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0), run.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 3 * 86400), run.End);
        Assert.All(source.RawQueries, q => Assert.EndsWith("[1d]", q));
        Assert.True(source.RawQueries.Count < 6, $"read {source.RawQueries.Count} chunks");
    }

    [Theory]
    [InlineData(0)]      // a run in the middle of the month
    [InlineData(86400)]  // first sample exactly on a chunk boundary
    public async Task FindManyAsync_MonthMostlyEmpty_ScreenedChunksSkippedBoundsExact(int offset)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds((long)T0 - 20 * 86400);
        var to = DateTimeOffset.FromUnixTimeSeconds((long)T0 + 11 * 86400);
        var start = T0 + offset;
        var source = new FakeTimeSeriesSource()
            .Add(Native("spark-a", "a", "driver"), Samples(start, start + 7200, 5))
            .Add(Native("spark-b", "b", "driver"), Samples(start + 3 * 86400, start + 3 * 86400 + 60, 5));

        var runs = await new RunDiscovery(source).FindManyAsync(["spark-a", "spark-b"], from, to, CancellationToken.None);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)start), runs["spark-a"].Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)start + 7200), runs["spark-a"].End);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)start + 3 * 86400), runs["spark-b"].Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)start + 3 * 86400 + 60), runs["spark-b"].End);
        // One screen of the 31 days, then only the chunks that hold samples (or border them) are read: without the
        // screen the forward search alone reads the 20 empty days before the first run.
        Assert.Single(source.RangeQueries);
        Assert.True(source.RawQueries.Count <= 8, string.Join("\n", source.RawQueries));
    }

    [Fact]
    public async Task DiscoverAsync_ManyBatches_ConcurrencyBoundRespected()
    {
        var gate = new InFlightGate(3);
        var source = new FakeTimeSeriesSource { RawGate = gate };
        for (var i = 0; i < 20; i++)
        {
            source.Add(Native($"spark-{i:00}", $"job-{i}", "driver"), Samples(T0 + i, T0 + 100 + i));
        }

        var runs = await new RunDiscovery(source, RunDiscoveryOptions.SparkNative with { MaxConcurrency = 3, IdsPerQuery = 1 }).DiscoverAsync(From, To, CancellationToken.None);

        Assert.Equal(20, runs.Count);
        Assert.Equal(3, gate.MaxInFlight);
        Assert.Equal(runs.OrderBy(r => r.Start).Select(r => r.Id), runs.Select(r => r.Id));
    }

    [Fact]
    public async Task DiscoverAsync_EndBeforeStart_ThrowsNamingBothTimes()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new RunDiscovery(TwoApps()).DiscoverAsync(To, From, CancellationToken.None));
        Assert.Contains(To.ToString("O"), ex.Message);
        Assert.Contains(From.ToString("O"), ex.Message);
    }

    [Fact]
    public async Task DiscoverAsync_SourceFails_DataSourceExceptionPropagatesUnchanged()
    {
        var failure = new DataSourceException("unreachable", "Prometheus at http://x is not reachable");
        var source = TwoApps();
        source.RawFailure = failure;

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => new RunDiscovery(source).DiscoverAsync(From, To, CancellationToken.None));
        Assert.Same(failure, ex);
    }

    [Fact]
    public async Task FindAsync_KnownAndUnknownIds()
    {
        var discovery = new RunDiscovery(TwoApps());
        var run = await discovery.FindAsync("spark-b", From, To, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 600), run.Start);
        Assert.Null(await discovery.FindAsync("spark-zzz", From, To, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_NoDriverSeries_FallsBackToAllSeries()
    {
        var source = new FakeTimeSeriesSource()
            .Add(Native("spark-x", "x", "1"), Samples(T0 + 30, T0 + 90));
        var run = await new RunDiscovery(source).FindAsync("spark-x", From, To, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 90), run.End);
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesOptions_UsesPodLabels()
    {
        Dictionary<string, string> Pod(string role, string? exec)
        {
            var d = new Dictionary<string, string>
            {
                ["__name__"] = "kube_pod_labels",
                ["label_spark_app_selector"] = "spark-0123",
                ["label_spark_app_name"] = "etl-nightly",
                ["label_spark_role"] = role,
            };
            if (exec is not null)
            {
                d["label_spark_exec_id"] = exec;
            }

            return d;
        }

        var source = new FakeTimeSeriesSource()
            .Add(Pod("driver", null), Samples(T0, T0 + 300, 30))
            .Add(Pod("executor", "1"), Samples(T0 + 30, T0 + 270, 30))
            .Add(Pod("executor", "2"), Samples(T0 + 30, T0 + 270, 30));

        var run = Assert.Single(await new RunDiscovery(source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(From, To, CancellationToken.None));
        Assert.Equal("etl-nightly", run.Name);
        Assert.Equal(2, run.Executors);
        Assert.Equal("nightly", run.Variant);
        Assert.Equal(TimeSpan.FromSeconds(300), run.Duration);
    }
}
