using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// The counting proxy the load benchmark and the query-count tests put between the product and the real Prometheus:
/// it must change nothing the client sees, and count and record exactly what was sent.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class CountingProxyTests(DemoPrometheusFixture fx)
{
    [Fact]
    public async Task Discovery_ThroughProxy_SameRunsAndEveryRequestRecordedWithItsQuery()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.BaseUrl);
        var o = fx.Options;
        using var viaProxy = PrometheusTimeSeriesSource.Create(new PrometheusOptions
        {
            BaseUrl = proxy.BaseUrl, ScrapeIntervalSeconds = o.ScrapeIntervalSeconds, TimeoutSeconds = o.TimeoutSeconds,
        });

        var direct = await new RunDiscovery(fx.Source).DiscoverAsync(fx.From, fx.To);
        var proxied = await new RunDiscovery(viaProxy).DiscoverAsync(fx.From, fx.To);

        Assert.Equal(direct, proxied);
        var recorded = proxy.Requests;
        Assert.NotEmpty(recorded);
        Assert.Equal(recorded.Count, proxy.Count);
        Assert.Equal(recorded.Count, proxy.ByPath.Values.Sum());
        Assert.All(recorded, r => Assert.Equal(200, r.Status));
        Assert.All(recorded.Where(r => r.IsDataQuery), r => Assert.False(string.IsNullOrEmpty(r.Query)));
        Assert.InRange(proxy.MaxInFlight, 1, recorded.Count);
        Assert.Equal(0, proxy.InFlight);

        proxy.Reset();
        Assert.Equal(0, proxy.Count);
        Assert.Empty(proxy.Requests);
    }
}
