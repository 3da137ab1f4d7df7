using SparkTuner.Core.Charts;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// Queries proportional to metrics, not to runs, and the process-wide cache, over the real Prometheus with the demo's
/// 3 non-cached vs 3 cached runs.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class BatchedFetchTests(DemoPrometheusFixture fx, ITestOutputHelper output)
{
    private ComparisonService Service(ITimeSeriesSource source, RunDataCache? cache = null) =>
        new(source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval },
            new RunDiscovery(source, RunDiscoveryOptions.SparkNative with { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval }), cache: cache);

    private CompareRequest AllGroups() => new(fx.Ids("noncached"), fx.Ids("cached"), fx.From, fx.To);

    [Fact]
    public async Task CompareAsync_DemoPageAllGroups_AtMost30Queries()
    {
        var counting = new CountingSource(fx.Source);
        var progress = new Resolved(counting);
        var report = await Service(counting).CompareAsync(AllGroups(), progress);

        output.WriteLine($"{counting.Total} requests ({progress.AtResolved} to resolve the runs): {string.Join(", ", counting.ByKind.Select(k => $"{k.Key} {k.Value}"))}");
        Assert.NotEmpty(report.Fetches);
        // After the runs are known: one read per (metric, scope) (a second selector only where the first found nothing)
        // and one of the pods.
        var pairs = report.Plan.StatisticPairs.Concat(report.Plan.ChartPairs).Distinct().Count();
        Assert.InRange(counting.Total - progress.AtResolved, 1, pairs + 1);
    }

    private sealed class Resolved(CountingSource counting) : IComparisonProgress
    {
        public int AtResolved { get; private set; }

        public void RunsResolved(IReadOnlyList<SparkRun> baseline, IReadOnlyList<SparkRun> candidate, ComparisonPlan plan) => AtResolved = counting.Total;

        public void Fetched(MetricFetch fetch)
        {
        }
    }

    [Fact]
    public async Task FetchStatistics_AllRunsAtOnce_SameSamplesAsRunByRun()
    {
        var service = Service(fx.Source);
        var runs = (await new RunDiscovery(fx.Source).DiscoverAsync(fx.From, fx.To)).ToList();
        Assert.Equal(6, runs.Count);
        foreach (var (metric, scope) in ComparisonPlan.For(MetricCatalog.Default, AllGroups()).StatisticPairs)
        {
            var together = await service.FetchStatisticsAsync(metric, scope, runs);
            foreach (var run in runs)
            {
                var alone = (await service.FetchStatisticsAsync(metric, scope, [run])).ByRun.GetValueOrDefault(run.Id);
                var batched = together.ByRun.GetValueOrDefault(run.Id);
                Assert.Equal(alone is null, batched is null);
                if (alone is null || batched is null) continue;
                Assert.Equal(alone.Series.Count, batched.Series.Count);
                foreach (var (a, b) in alone.Series.OrderBy(s => RawSampleReader.LabelKey(s.Labels)).Zip(batched.Series.OrderBy(s => RawSampleReader.LabelKey(s.Labels))))
                {
                    Assert.Equal(RawSampleReader.LabelKey(a.Labels), RawSampleReader.LabelKey(b.Labels));
                    Assert.Equal(a.Timestamps, b.Timestamps);
                    Assert.Equal(a.Values, b.Values);
                }

                Assert.Equal(alone.FirstSeen, batched.FirstSeen);
            }
        }
    }

    /// <summary>
    /// Runs with more than twice as many scrapes as a chart has points are charted from range queries at that
    /// resolution: here 10 points for 54-scrape runs. The summary still comes from raw samples (same numbers), and a
    /// peak-sensitive gauge's drawn line keeps every run's raw peak (max_over_time over each step).
    /// </summary>
    [Fact]
    public async Task CompareAsync_ManyMoreScrapesThanPixels_ChartsAtDisplayResolution()
    {
        var counting = new CountingSource(fx.Source);
        var display = new ComparisonService(counting, MetricCatalog.Default,
            new ComparisonServiceOptions { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval, ChartPoints = 10 },
            new RunDiscovery(counting, RunDiscoveryOptions.SparkNative with { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval }));
        var report = await display.CompareAsync(AllGroups());
        var full = await Service(fx.Source).CompareAsync(AllGroups());

        Assert.Equal(full.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)), report.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)));
        Assert.True(counting.ByKind.GetValueOrDefault("range") >= report.Fetches.Count(f => f.IsAvailable), $"{counting.ByKind.GetValueOrDefault("range")} range queries");
        var heap = report.Fetches.Single(f => f.MetricId == "jvm_heap" && f.Scope == MetricScope.Driver);
        var rawHeap = full.Fetches.Single(f => f.MetricId == "jvm_heap" && f.Scope == MetricScope.Driver);
        foreach (var run in report.BaselineRuns.Concat(report.CandidateRuns))
        {
            var drawn = heap.ByRun[run.Id];
            Assert.False(drawn.RawSamples);
            Assert.All(drawn.Series, s => Assert.InRange(s.Count, 2, 12));
            var rawPeak = RunStatistics.Compute(rawHeap.ByRun[run.Id], Statistic.Peak, ExecutorAggregation.Max).Value!.Value;
            Assert.True(drawn.Series.SelectMany(s => s.Values).Max() >= rawPeak, $"run {run.Id}: drawn peak below the raw peak {rawPeak}");
        }

        // Every panel draws from these points, counters (rates) included.
        foreach (var fetch in report.Fetches.Where(f => f.IsAvailable))
        {
            var metric = MetricCatalog.Default.GetMetric(fetch.MetricId);
            var panel = ChartPanelBuilder.Build(metric, fetch.Scope,
                report.BaselineRuns.Select(r => fetch.ByRun[r.Id]).ToList(), report.CandidateRuns.Select(r => fetch.ByRun[r.Id]).ToList(), ExecutorAggregation.Sum);
            Assert.NotEmpty(panel.Traces);
        }
    }

    [Fact]
    public async Task CompareAsync_ReopenedWithCache_NoQueryAndSameNumbers()
    {
        using var cache = new RunDataCache();
        var counting = new CountingSource(fx.Source);
        var service = Service(counting, cache);
        var first = await service.CompareAsync(AllGroups());
        var firstCount = counting.Total;
        var again = await service.CompareAsync(AllGroups() with { From = fx.From.AddMinutes(-1), To = fx.To.AddMinutes(1) });

        Assert.True(firstCount > 0);
        Assert.Equal(firstCount, counting.Total);
        Assert.Equal(first.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)), again.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)));
    }

    [Fact]
    public async Task CompareAsync_RangeCutsARunFirst_WiderRangeLaterSeesTheWholeRun()
    {
        using var cache = new RunDataCache();
        var service = Service(fx.Source, cache);
        var whole = await Service(fx.Source).CompareAsync(AllGroups() with { Groups = [] });
        var lastCandidate = whole.CandidateRuns[^1];

        // A range that ends in the middle of the last candidate run: that run is cut there.
        var cut = await service.CompareAsync(AllGroups() with { Groups = [], To = lastCandidate.Start + (lastCandidate.End - lastCandidate.Start) / 2 });
        Assert.True(cut.CandidateRuns[^1].End < lastCandidate.End);

        var again = await service.CompareAsync(AllGroups() with { Groups = [] });
        Assert.Equal(lastCandidate.End, again.CandidateRuns[^1].End);
        Assert.Equal(whole.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)), again.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate)));
    }

    [Fact]
    public async Task TryFromCache_AfterOneCompare_SameReportWithoutQueries()
    {
        using var cache = new RunDataCache();
        var counting = new CountingSource(fx.Source);
        var service = Service(counting, cache);
        Assert.Null(service.TryFromCache(AllGroups()));

        var live = await service.CompareAsync(AllGroups());
        var queries = counting.Total;
        var cached = service.TryFromCache(AllGroups() with { From = fx.From.AddMinutes(-5) });

        Assert.NotNull(cached);
        Assert.Equal(queries, counting.Total);
        Assert.Equal(live.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate, r.Verdict)), cached.Result.Rows.Select(r => (r.Metric, r.Baseline, r.Candidate, r.Verdict)));
        Assert.Equal(live.Fetches.Select(f => (f.MetricId, f.Scope)), cached.Fetches.Select(f => (f.MetricId, f.Scope)));
        // A range that cuts a run is not answered from the cache.
        Assert.Null(service.TryFromCache(AllGroups() with { From = live.BaselineRuns[0].Start.AddSeconds(1) }));
    }

    [Fact]
    public async Task CompareAsync_TenConcurrentCallers_OneCallersQueries()
    {
        using var cache = new RunDataCache();
        var counting = new CountingSource(fx.Source);
        var service = Service(counting, cache);
        var one = new CountingSource(fx.Source);
        await Service(one).CompareAsync(AllGroups());

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => service.CompareAsync(AllGroups())));

        output.WriteLine($"one caller {one.Total}, ten together {counting.Total}");
        // Ten callers at once cost one caller's queries: resolution and every metric read are shared.
        Assert.Equal(one.Total, counting.Total);
    }

    /// <summary>Counts every request to the real source by kind.</summary>
    private sealed class CountingSource(ITimeSeriesSource inner) : ITimeSeriesSource
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byKind = new();

        public IReadOnlyDictionary<string, int> ByKind => _byKind;

        public int Total => _byKind.Values.Sum();

        private void Count(string kind) => _byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);

        public string Describe => inner.Describe;

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        { Count("range"); return inner.QueryRangeAsync(promQl, start, end, step, cancellationToken); }

        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        { Count("instant"); return inner.QueryInstantAsync(promQl, time, cancellationToken); }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        { Count("raw"); return inner.QueryRawAsync(promQl, time, cancellationToken); }

        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        { Count("series"); return inner.SeriesAsync(matchers, start, end, cancellationToken); }

        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        { Count("labels"); return inner.LabelValuesAsync(label, matchers, start, end, cancellationToken); }

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) { Count("version"); return inner.VersionAsync(cancellationToken); }
    }
}
