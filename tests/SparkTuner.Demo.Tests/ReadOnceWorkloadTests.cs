using SparkTuner.Demo;

namespace SparkTuner.Demo.Tests;

public sealed class ReadOnceWorkloadTests
{
    [Fact]
    public void Generate_ReadOnce_NamesAndCachedRunsLongerThanNonCached()
    {
        var d = DemoGenerator.Generate(DemoText.Options(o => o with { Workload = DemoWorkload.ReadOnce }));

        Assert.Equal(["readonce-200k-noncached", "readonce-200k-cached"], d.Runs.Take(2).Select(r => r.Name));
        Assert.All(d.Runs, r => Assert.Equal(DemoWorkload.ReadOnce, r.Workload));
        Assert.All(d.Runs.Where(r => r.IsCached), r => Assert.False(r.ReusesCache));
        var nonCached = d.Runs.Where(r => !r.IsCached).Average(r => r.Duration.TotalSeconds);
        var cached = d.Runs.Where(r => r.IsCached).Average(r => r.Duration.TotalSeconds);
        Assert.InRange(cached / nonCached, 1.05, 1.2);
        // The cached run's first phase also writes the cache: longer than the non-cached one's.
        Assert.True(d.Runs[1].Phases[1].End - d.Runs[1].Phases[1].Start > d.Runs[0].Phases[1].End - d.Runs[0].Phases[1].Start);
    }

    [Fact]
    public void Manifest_ReadOnce_RoundTripsTheWorkload_AndOldManifestsReadAsCartesian()
    {
        var d = DemoGenerator.Generate(DemoText.Options(o => o with { Workload = DemoWorkload.ReadOnce }));
        var json = DemoManifest.From(d).ToJson();

        Assert.Contains("\"workload\": \"ReadOnce\"", json, StringComparison.Ordinal);
        Assert.Equal(DemoWorkload.ReadOnce, DemoManifest.FromJson(json).Workload);
        Assert.Equal(DemoWorkload.Cartesian, DemoManifest.FromJson(json.Replace("\"workload\": \"ReadOnce\"", "\"x\": 1", StringComparison.Ordinal)).Workload);
    }
}
