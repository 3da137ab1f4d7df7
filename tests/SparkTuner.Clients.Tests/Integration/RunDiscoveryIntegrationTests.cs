using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>Run discovery against the real Prometheus holding the default demo.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class RunDiscoveryIntegrationTests(DemoPrometheusFixture fx)
{
    [Fact]
    public async Task DiscoverAsync_DefaultDemo_FindsSixRunsMatchingTheManifest()
    {
        var runs = await new RunDiscovery(fx.Source).DiscoverAsync(fx.From, fx.To);

        Assert.Equal(fx.Manifest.Runs.Select(r => r.AppId), runs.Select(r => r.Id));
        var interval = DemoPrometheusFixture.ScrapeInterval;
        foreach (var run in runs)
        {
            var truth = fx.Manifest.Runs.Single(r => r.AppId == run.Id);
            Assert.Equal(truth.Name, run.Name);
            Assert.Equal(truth.Variant, run.Variant);
            Assert.Equal(4, run.Executors);
            Assert.InRange(run.Start, truth.Start, truth.Start + interval);
            Assert.InRange(run.End, truth.End - interval, truth.End);
        }
        Assert.Equal(3, runs.Count(r => r.Variant == "noncached"));
        Assert.Equal(3, runs.Count(r => r.Variant == "cached"));
    }

    [Fact]
    public async Task DiscoverAsync_KubernetesProfile_FindsTheSameRunsWithFourExecutors()
    {
        var runs = await new RunDiscovery(fx.Source, RunDiscoveryOptions.Kubernetes).DiscoverAsync(fx.From, fx.To);

        Assert.Equal(fx.Manifest.Runs.Select(r => r.AppId).Order(), runs.Select(r => r.Id).Order());
        Assert.All(runs, r => Assert.Equal(4, r.Executors));
    }

    [Fact]
    public async Task FindAsync_KnownAndUnknownIds_RunOrNull()
    {
        var discovery = new RunDiscovery(fx.Source);
        var truth = fx.Manifest.Runs[3];

        var run = await discovery.FindAsync(truth.AppId, fx.From, fx.To);

        Assert.NotNull(run);
        Assert.Equal(truth.Name, run.Name);
        Assert.Null(await discovery.FindAsync("spark-does-not-exist", fx.From, fx.To));
        Assert.Null(await discovery.FindAsync("a\"b\\c'd", fx.From, fx.To));
    }
}
