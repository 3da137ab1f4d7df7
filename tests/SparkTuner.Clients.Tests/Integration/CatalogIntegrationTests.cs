using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// Every template of the spark-native and kubernetes profiles — the chart query (range) and the raw selectors the
/// statistics read — rendered for every demo run through the comparison service and run by a real Prometheus.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class CatalogIntegrationTests(DemoPrometheusFixture fx)
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "spark-native", false }, { "spark-native", true }, { "kubernetes", false }, { "kubernetes", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fetch_EveryMetricOfProfile_ReturnsFiniteDataForEveryRun(string profileName, bool raw)
    {
        var catalog = MetricCatalog.Default;
        var profile = catalog.GetProfile(profileName);
        var runs = await new RunDiscovery(fx.Source).DiscoverAsync(fx.From, fx.To);
        Assert.Equal(6, runs.Count);
        var service = new ComparisonService(fx.Source, catalog, new ComparisonServiceOptions { Profiles = [profileName], ScrapeInterval = DemoPrometheusFixture.ScrapeInterval });

        var cases = profile.Metrics
            .SelectMany(m => new[] { MetricScope.Driver, MetricScope.Executor }.Where(s => m.Value.For(s) is not null).Select(s => (Metric: m.Key, Scope: s)))
            .ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            var fetch = raw
                ? await service.FetchStatisticsAsync(c.Metric, c.Scope, runs, cancellationToken: ct)
                : await service.FetchAsync(c.Metric, c.Scope, runs, cancellationToken: ct);
            var problems = new List<string>();
            if (fetch.Failed || !fetch.IsAvailable)
            {
                problems.Add($"{c.Metric}/{c.Scope}: {fetch.Error ?? fetch.UnavailableReason}");
            }

            foreach (var run in runs)
            {
                var what = $"{c.Metric}/{c.Scope} of {run.Id} ({string.Join(" | ", fetch.Queries)})";
                if (!fetch.ByRun.TryGetValue(run.Id, out var data) || data.IsEmpty || data.Series.Any(s => s.Count == 0))
                {
                    problems.Add($"{what}: no data {string.Join("; ", data?.Notes ?? [])}");
                }
                else if (data.Series.Any(s => s.Values.Any(v => !double.IsFinite(v))))
                {
                    problems.Add($"{what}: non-finite values");
                }
                else if (raw != data.RawSamples)
                {
                    problems.Add($"{what}: RawSamples is {data.RawSamples}");
                }
                else if (c.Scope == MetricScope.Executor)
                {
                    var ids = data.Series.Select(s => s.Label(data.ExecutorLabel!)).Distinct().ToList();
                    if (ids.Any(string.IsNullOrEmpty) || ids.Count != 4)
                    {
                        problems.Add($"{what}: {data.Series.Count} series with {data.ExecutorLabel} = [{string.Join(", ", ids)}], expected 4 distinct executors");
                    }
                }
                else if (data.Kind != MetricKind.Counter && data.Series.Count != 1)
                {
                    problems.Add($"{what}: {data.Series.Count} driver series, expected 1");
                }
            }

            lock (failures) failures.AddRange(problems);
        });
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
