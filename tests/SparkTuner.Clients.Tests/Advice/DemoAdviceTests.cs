using System.Net;
using System.Net.Sockets;
using SparkTuner.Cli.Commands;
using SparkTuner.Clients.Tests.Spark;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;

namespace SparkTuner.Clients.Tests.Advice;

/// <summary>
/// The advisor on the demo's REST API, read by the real client: the cached cartesian runs' cache pays off, the read-once
/// workload's does not, and the findings move between the sides.
/// </summary>
public sealed class DemoAdviceTests
{
    private static readonly DateTimeOffset End = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task<AdviceReport> AdviseAsync(DemoWorkload workload)
    {
        var dataset = DemoGenerator.Generate(new DemoOptions { End = End, RunsPerVariant = 1, Workload = workload });
        using var server = DemoRestServer.Start(DemoRestApi.From(DemoManifest.FromJson(DemoManifest.From(dataset).ToJson())), "127.0.0.1", FreePort());
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var (b, c) = (dataset.Runs[0], dataset.Runs[1]);
        return await Advisor.AdviseAsync(sp.Source(), Run(b), Run(c));
    }

    private static SparkRun Run(DemoRun r) => new(r.AppId, r.Name, r.Start, r.End, r.Executors, r.Variant);

    private static string Dump(AdviceReport a) => ComparisonJson.Serialize(new ComparisonResult(new SideInfo("b", []), new SideInfo("c", []), [], []) { Advice = a });

    [Fact]
    public async Task Cartesian_CachedRunsCachePaysOff_ReadByFourStages()
    {
        var advice = await AdviseAsync(DemoWorkload.Cartesian);

        Assert.True(advice.Cache.Outcome == CacheOutcome.PaidOff, Dump(advice));
        Assert.StartsWith("paid off: −", advice.Cache.Verdict);
        Assert.Contains("candidate cartesian-200k-cached", advice.Cache.Verdict);
        Assert.Contains("baseline cartesian-200k-noncached, which recomputed it", advice.Cache.Verdict);
        Assert.Equal(2, advice.Cache.Datasets.Count);
        // df1 is read by its count, the groupBy and the cartesian count; df2 by its count and the cartesian count.
        Assert.Equal([0, 2, 4], advice.Cache.Datasets.Single(d => d.Name.Contains("A#0L", StringComparison.Ordinal)).ReadingStages.Select(s => s.CandidateStageId));
        Assert.Equal([1, 4], advice.Cache.Datasets.Single(d => d.Name.Contains("D#6L", StringComparison.Ordinal)).ReadingStages.Select(s => s.CandidateStageId));
        Assert.True(advice.Cache.StageSecondsChange < -30, Dump(advice));
        Assert.Equal(0, advice.Cache.SpillBytes);
        Assert.False(advice.Cache.Evicted);
        Assert.True(advice.Cache.GcSecondsChange < 0, Dump(advice));
        Assert.True(advice.Cache.HeapPeakChangeBytes > 0, Dump(advice));
        Assert.Contains(advice.Findings, f => f.IsChanged);
        Assert.Equal(4, advice.MemoryModels.Count);
        // The demo serves task summaries: skew was judged on both sides (and found none: max ÷ median 1.24).
        Assert.DoesNotContain(advice.Notes, n => n.Contains("task skew", StringComparison.Ordinal));
        Assert.DoesNotContain(advice.Findings, f => f.RuleId == "task-skew");
    }

    [Fact]
    public async Task ReadOnce_CacheDoesNotPayOff()
    {
        var advice = await AdviseAsync(DemoWorkload.ReadOnce);

        Assert.True(advice.Cache.Outcome == CacheOutcome.DidNotPayOff, Dump(advice));
        Assert.StartsWith("did not pay off: +", advice.Cache.Verdict);
        Assert.Contains("read by one stage only", advice.Cache.Verdict);
        Assert.Equal([0], Assert.Single(advice.Cache.Datasets).ReadingStages.Select(s => s.CandidateStageId));
        Assert.True(advice.Cache.StageSecondsChange > 10, Dump(advice));
    }
}
