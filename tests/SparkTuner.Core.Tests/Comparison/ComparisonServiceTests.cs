using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Comparison;

public class ComparisonServiceTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);

    // Metrics see app "a" from T0+5 s to T0+300 s and app "b" from T0+605 s to T0+800 s (first and last scrape).
    private static readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Scraped = new()
    {
        ["a"] = (T0.AddSeconds(5), T0.AddSeconds(300)),
        ["b"] = (T0.AddSeconds(605), T0.AddSeconds(800)),
    };

    private static ComparisonService Service(IRunTimesSource? times, CountingSource? source = null)
    {
        source ??= new CountingSource();
        return new ComparisonService(source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = TimeSpan.FromSeconds(5) }, new RunDiscovery(source), times);
    }

    private static CompareRequest Request(params string[] rows) => new(["a"], ["b"], T0.AddHours(-1), T0.AddHours(1), rows, Groups: []);

    [Fact]
    public async Task CompareAsync_SparkRestKnowsTheRuns_DurationFromSparksOwnClock()
    {
        // Spark says a ran 0..302 s and b 600..801 s: 302 s and 201 s, where the scrapes alone give 295 s and 195 s.
        var times = new FixedTimes(new() { ["a"] = (T0, T0.AddSeconds(302)), ["b"] = (T0.AddSeconds(600), T0.AddSeconds(801)) });
        var report = await Service(times).CompareAsync(Request("duration_seconds"));
        var row = Assert.Single(report.Result.Rows);
        Assert.Equal(302, row.Baseline!.Value, 9);
        Assert.Equal(201, row.Candidate!.Value, 9);
        Assert.All(report.BaselineRuns.Concat(report.CandidateRuns), r => Assert.Equal("spark-rest", r.TimesFrom));
    }

    [Fact]
    public async Task CompareAsync_NoRestOrUnknownRun_MetricsTimesStay()
    {
        var times = new FixedTimes(new() { ["a"] = (T0, T0.AddSeconds(302)) });
        var report = await Service(times).CompareAsync(Request("duration_seconds"));
        var row = Assert.Single(report.Result.Rows);
        Assert.Equal(302, row.Baseline!.Value, 9);
        Assert.Equal(195, row.Candidate!.Value, 9);
        Assert.Equal("metrics", report.CandidateRuns[0].TimesFrom);

        var without = await Service(null).CompareAsync(Request("duration_seconds"));
        Assert.Equal(295, without.Result.Rows[0].Baseline!.Value, 9);
    }

    [Fact]
    public async Task CompareAsync_RestTimesOfAnotherRunWithTheSameId_Ignored()
    {
        // A REST answer that does not overlap the metrics is not this run.
        var times = new FixedTimes(new() { ["a"] = (T0.AddDays(-3), T0.AddDays(-3).AddSeconds(100)) });
        var report = await Service(times).CompareAsync(Request("duration_seconds"));
        Assert.Equal(295, report.Result.Rows[0].Baseline!.Value, 9);
    }

    [Fact]
    public async Task CompareAsync_UnknownRun_NamesIt()
    {
        var ex = await Assert.ThrowsAsync<UnknownRunsException>(() => Service(null).CompareAsync(new CompareRequest(["a"], ["zz\"z"], T0.AddHours(-1), T0.AddHours(1))));
        Assert.Equal(["zz\"z"], ex.Ids);
        Assert.Contains("'zz\"z'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareAsync_ManyMetrics_QueriesBoundedByMaxConcurrency()
    {
        var gate = new InFlightGate(3);
        var source = new CountingSource { Gate = gate };
        var service = new ComparisonService(source, MetricCatalog.Default,
            new ComparisonServiceOptions { ScrapeInterval = TimeSpan.FromSeconds(5), MaxConcurrency = 3 }, new RunDiscovery(source));
        var report = await service.CompareAsync(new CompareRequest(["a"], ["b"], T0.AddHours(-1), T0.AddHours(1)));
        // One raw read per (metric, scope) for both runs (plus run discovery's): more than the gate lets through at once.
        Assert.True(source.RawQueries > 10, $"{source.RawQueries} raw queries");
        Assert.Equal(3, gate.MaxInFlight);
        Assert.NotEmpty(report.Fetches);
    }

    [Theory]
    [InlineData(30, false)]     // b's last sample 10 s ago: still running
    [InlineData(3600, true)]    // an hour later: completed
    public async Task CompareAsync_WithCache_RunningRunsReadAgainCompletedOnesNot(int secondsAfter, bool cachedSecondTime)
    {
        using var cache = new RunDataCache();
        var source = new CountingSource();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0.AddSeconds(800 + secondsAfter - 20));
        var service = new ComparisonService(source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = TimeSpan.FromSeconds(5) },
            new RunDiscovery(source, RunDiscoveryOptions.SparkNative with { ScrapeInterval = TimeSpan.FromSeconds(5) }, clock), cache: cache);
        var request = Request() with { To = clock.GetUtcNow() };

        await service.CompareAsync(request);
        var first = source.RawQueries;
        await service.CompareAsync(request);

        Assert.True(first > 0);
        Assert.Equal(cachedSecondTime, source.RawQueries == first);
    }

    private sealed class FixedTimes(Dictionary<string, (DateTimeOffset, DateTimeOffset)> known) : IRunTimesSource
    {
        public Task<SparkRunTimes?> TimesAsync(string applicationId, CancellationToken cancellationToken = default) =>
            Task.FromResult(known.TryGetValue(applicationId, out var t) ? new SparkRunTimes(t.Item1, t.Item2, Completed: true) : null);
    }

    /// <summary>Discovery answers from <see cref="Scraped"/>; range queries return nothing, are counted and pass <see cref="Gate"/> if set.</summary>
    private sealed class CountingSource : ITimeSeriesSource
    {
        public int RangeQueries;
        public int RawQueries;
        public InFlightGate? Gate { get; init; }
        public string Describe => "test";

        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        {
            var sets = Scraped.Keys.Where(id => matchers.Any(m => NamesApp(m, id)))
                .SelectMany(id => new[] { "driver", "1" }.Select(e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                {
                    ["application_id"] = id, ["application_name"] = "job-" + id, ["executor_id"] = e,
                })).ToList();
            return Task.FromResult(QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(sets));
        }

        /// <summary>Whether the selector's application_id matcher (<c>=</c>, or <c>=~</c> of literal alternatives as run discovery batches them) takes <paramref name="id"/>.</summary>
        private static bool NamesApp(string selector, string id)
        {
            var m = System.Text.RegularExpressions.Regex.Match(selector, "application_id(=~|=)\"((?:[^\"\\\\]|\\\\.)*)\"");
            if (!m.Success)
            {
                return false;
            }
            var value = System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, "\\\\(.)", "$1");
            return m.Groups[1].Value == "=" ? value == id : System.Text.RegularExpressions.Regex.IsMatch(id, "^(?:" + value + ")$");
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            var series = Scraped.Where(a => NamesApp(promQl, a.Key))
                .Select(a => new TimeSeries(new Dictionary<string, string> { ["application_id"] = a.Key, ["executor_id"] = "driver" },
                    [a.Value.Start.ToUnixTimeSeconds(), a.Value.End.ToUnixTimeSeconds()], [2, 2]))
                .Where(s => s.Timestamps[0] <= time.ToUnixTimeSeconds())
                .ToList();
            var result = QueryResult<IReadOnlyList<TimeSeries>>.Of(series);
            // Run discovery's own reads are not the comparison's; only the metric reads pass the gate.
            if (promQl.Contains(RunDiscoveryOptions.SparkNative.Metric, StringComparison.Ordinal)) return Task.FromResult(result);
            Interlocked.Increment(ref RawQueries);
            return Gate is null ? Task.FromResult(result) : Gate.PassAsync(() => result);
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref RangeQueries);
            static QueryResult<IReadOnlyList<TimeSeries>> Empty() => QueryResult<IReadOnlyList<TimeSeries>>.Of([]);
            return Gate is null ? Task.FromResult(Empty()) : Gate.PassAsync(Empty);
        }

        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) =>
            Task.FromResult(QueryResult<IReadOnlyList<InstantSample>>.Of([]));

        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
            Task.FromResult(QueryResult<IReadOnlyList<string>>.Of([]));

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("test");
    }
}
