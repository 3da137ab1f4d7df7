using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>The comparison service end to end over the real Prometheus: 3 non-cached (baseline) vs 3 cached (candidate) runs.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class ComparisonIntegrationTests(DemoPrometheusFixture fx)
{
    private ComparisonService Service() =>
        new(fx.Source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval });

    private Task<ComparisonReport> CompareAsync(IReadOnlyList<string> baseline, IReadOnlyList<string> candidate) =>
        Service().CompareAsync(new CompareRequest(baseline, candidate, fx.From, fx.To, Groups: []));

    [Fact]
    public async Task CompareAsync_NonCachedVsCached_CacheWinsOnDurationCpuAndGc()
    {
        var result = (await CompareAsync(fx.Ids("noncached"), fx.Ids("cached"))).Result;
        SummaryRow Row(string id) => result.Rows.Single(r => r.Metric == id);

        Assert.Equal(MetricCatalog.Default.Summary.Select(s => s.Id), result.Rows.Select(r => r.Metric));
        var duration = Row("duration_seconds");
        Assert.True(duration.Rip > 0, $"duration RIP {duration.Rip}");
        Assert.Equal(Verdict.Better, duration.Verdict);
        Assert.True(Row("executor_storage_memory_peak_bytes").Candidate > Row("executor_storage_memory_peak_bytes").Baseline);
        Assert.True(Row("executor_cpu_seconds").Candidate < Row("executor_cpu_seconds").Baseline);
        Assert.True(Row("gc_time_seconds").Candidate < Row("gc_time_seconds").Baseline);
        Assert.All(result.Rows.Where(r => r.Verdict != Verdict.NotAvailable), r => Assert.True(r.RipCi95 is not null, $"{r.Metric} has no CI"));
        // Spill comes from the JMX exporter only: n/a with the default profiles, and the row says why.
        Assert.Equal(Verdict.NotAvailable, Row("spill_disk_bytes").Verdict);
        Assert.Contains("not available", Row("spill_disk_bytes").Note);
    }

    [Fact]
    public async Task CompareAsync_UnknownRunId_ThrowsUnknownRunsNamingIt()
    {
        var ex = await Assert.ThrowsAsync<UnknownRunsException>(() => CompareAsync([fx.Ids("noncached")[0], "spark-nope"], fx.Ids("cached")));

        Assert.Equal(["spark-nope"], ex.Ids);
        Assert.Contains("'spark-nope'", ex.Message);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("x\\\"}) or vector(1) #")]
    public async Task CompareAsync_IdWithQuotesOrBackslash_UnknownRunWithCleanMessage(string id)
    {
        var ex = await Assert.ThrowsAsync<UnknownRunsException>(() => CompareAsync([id], fx.Ids("cached")));

        Assert.Equal([id], ex.Ids);
        Assert.Contains($"'{id}'", ex.Message);
    }
}
