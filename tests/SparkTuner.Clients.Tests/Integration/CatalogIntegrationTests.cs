using SparkTuner.Core.Catalog;
using SparkTuner.Core.Query;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>Every PromQL template of the spark-native and kubernetes profiles, rendered for every demo run and run by a real Prometheus.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class CatalogIntegrationTests(DemoPrometheusFixture fx)
{
    public static TheoryData<string> Profiles => new() { "spark-native", "kubernetes" };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task BuildQuery_EveryMetricOfProfile_ReturnsFiniteDataForEveryRun(string profileName)
    {
        var catalog = MetricCatalog.Default;
        var profile = catalog.GetProfile(profileName);
        var runs = await new RunDiscovery(fx.Source).DiscoverAsync(fx.From, fx.To);
        Assert.Equal(6, runs.Count);

        var cases = profile.Metrics
            .SelectMany(m => new[] { MetricScope.Driver, MetricScope.Executor }.Where(s => m.Value.For(s) is not null).Select(s => (Metric: m.Key, Scope: s)))
            .ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        await Parallel.ForEachAsync(cases.SelectMany(c => runs.Select(r => (c.Metric, c.Scope, Run: r))), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            var plan = StepPlanner.Plan(c.Run.Start, c.Run.End, StepPlanner.MaxPointsPerSeries, DemoPrometheusFixture.ScrapeInterval);
            var query = catalog.BuildQuery(c.Metric, c.Scope, c.Run, plan, [profileName]);
            Assert.True(query.IsAvailable, $"{c.Metric}/{c.Scope}: {query.UnavailableReason}");
            var answer = await fx.Source.QueryRangeAsync(query.PromQl!, plan.Start, plan.End, plan.Step, ct);
            var series = answer.Data;
            var what = $"{c.Metric}/{c.Scope} of {c.Run.Id} ({query.PromQl})";
            string? problem = null;
            if (series.Count == 0 || series.Any(s => s.Count == 0))
            {
                problem = $"{what}: no data";
            }
            else if (series.Any(s => s.Values.Any(v => !double.IsFinite(v))))
            {
                problem = $"{what}: non-finite values";
            }
            else if (c.Scope == MetricScope.Executor)
            {
                var ids = series.Select(s => s.Label(query.ExecutorLabel!)).ToList();
                if (series.Count != 4 || ids.Any(string.IsNullOrEmpty) || ids.Distinct().Count() != 4)
                {
                    problem = $"{what}: {series.Count} series with {query.ExecutorLabel} = [{string.Join(", ", ids)}], expected 4 distinct executors";
                }
            }
            else if (series.Count != 1)
            {
                problem = $"{what}: {series.Count} driver series, expected 1";
            }
            if (problem is not null)
            {
                lock (failures) failures.Add(problem);
            }
        });
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
