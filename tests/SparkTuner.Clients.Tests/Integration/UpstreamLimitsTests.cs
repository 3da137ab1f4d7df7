using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// The process-wide gate (fair cap) and batched run resolution against the real demo Prometheus, seen through a
/// <see cref="CountingProxy"/>: what reaches Prometheus, not what the client meant to send.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class UpstreamLimitsTests(DemoPrometheusFixture fx, ITestOutputHelper output)
{
    private PrometheusTimeSeriesSource Source(string baseUrl, int maxConcurrent = 16) => PrometheusTimeSeriesSource.Create(new PrometheusOptions
    {
        BaseUrl = baseUrl,
        ScrapeIntervalSeconds = (int)DemoPrometheusFixture.ScrapeInterval.TotalSeconds,
        TimeoutSeconds = 10,
        MaxConcurrentQueries = maxConcurrent,
    });

    /// <summary>Raw samples of every demo series of one metric over the whole demo: a query Prometheus takes a few ms over.</summary>
    private string HeavyQuery => $"metrics_executor_totalCores[{(int)(fx.To - fx.From).TotalSeconds}s]";

    [Fact]
    public async Task Gate_FirstUsersHundredQueriesQueued_SecondUsersQueryServedAtOnce()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.BaseUrl);
        using var source = Source(proxy.BaseUrl, maxConcurrent: 2);
        var at = fx.To;
        var doneA = 0;
        Task[] a;
        using (UpstreamScope.Begin("user-a"))
        {
            a = Enumerable.Range(0, 100).Select(async _ =>
            {
                await source.QueryRawAsync(HeavyQuery, at);
                Interlocked.Increment(ref doneA);
            }).ToArray();
        }

        // The first user's queries are under way (and the rest queued) before the second user asks.
        while (proxy.Count == 0)
        {
            await Task.Delay(5);
        }

        int doneAWhenBFinished;
        using (UpstreamScope.Begin("user-b"))
        {
            await source.QueryRawAsync(HeavyQuery, at);
            doneAWhenBFinished = Volatile.Read(ref doneA);
        }

        await Task.WhenAll(a);
        output.WriteLine($"user A had {doneAWhenBFinished} of 100 queries answered when user B's one was; max in flight {proxy.MaxInFlight}");
        // First in, first out under the cap alone would have served B after about all of A's 100.
        Assert.InRange(doneAWhenBFinished, 0, 10);
        Assert.InRange(proxy.MaxInFlight, 1, 2);
        Assert.Equal(101, proxy.Count);
    }

    [Fact]
    public async Task Gate_TwentyUsersAtOnce_InFlightNeverAboveTheCap()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.BaseUrl);
        using var source = Source(proxy.BaseUrl, maxConcurrent: 4);
        var users = Enumerable.Range(0, 20).Select(u =>
        {
            using var scope = UpstreamScope.Begin($"user-{u}");
            return Task.WhenAll(Enumerable.Range(0, 5).Select(_ => source.QueryRawAsync(HeavyQuery, fx.To)));
        }).ToList();

        await Task.WhenAll(users);

        Assert.Equal(100, proxy.Count);
        Assert.InRange(proxy.MaxInFlight, 2, 4);
    }

    [Fact]
    public async Task RunResolution_Batched_QueriesPerChunkNotPerRun_BoundsAsOneByOne()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.BaseUrl);
        using var source = Source(proxy.BaseUrl);
        var discovery = new RunDiscovery(source);
        var to = fx.To;
        var from = to - SearchRange.DefaultMax;
        var chunks = (int)Math.Ceiling((to - from) / RunDiscoveryOptions.SparkNative.RawChunk);

        var runs = await discovery.DiscoverAsync(from, to);
        var discover = proxy.Count;
        proxy.Reset();
        var ids = fx.Manifest.Runs.Select(r => r.AppId).ToList();
        var found = await discovery.FindManyAsync(ids, from, to);
        var findMany = proxy.Count;
        proxy.Reset();
        var one = await discovery.FindAsync(ids[0], from, to);
        var findOne = proxy.Count;

        output.WriteLine($"31 days ({chunks} day-chunks), demo: DiscoverAsync {discover} queries, FindManyAsync of {ids.Count} runs {findMany}, FindAsync of 1 run {findOne}");
        Assert.Equal(ids, runs.Select(r => r.Id));
        Assert.Equal(ids.Order(), found.Keys.Order());
        // Exactly the bounds run discovery finds, and those of one run resolved alone.
        Assert.All(runs, r => Assert.Equal((r.Start, r.End), (found[r.Id].Start, found[r.Id].End)));
        Assert.Equal((runs[0].Start, runs[0].End), (one!.Start, one.End));
        // One series lookup and at most two raw reads per chunk, whatever the number of runs: six runs cost what one does.
        Assert.InRange(discover, 2, 1 + 2 * chunks);
        Assert.Equal(findOne, findMany);
    }
}
