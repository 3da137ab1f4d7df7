using System.Net;
using System.Net.Sockets;
using SparkTuner.Cli;
using SparkTuner.Cli.Commands;
using SparkTuner.Clients.Tests.Spark;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Tests.DemoRest;

/// <summary>The demo REST server read back by the real Refit client for every demo app and endpoint.</summary>
public sealed class DemoRestServerTests : IDisposable
{
    private static readonly DemoDataset Dataset = DemoGenerator.Generate(new DemoOptions { End = new DateTimeOffset(2024, 6, 11, 10, 0, 0, TimeSpan.Zero) });
    private readonly DemoRestServer _server = DemoRestServer.Start(DemoRestApi.From(DemoManifest.FromJson(DemoManifest.From(Dataset).ToJson())), "127.0.0.1", FreePort());

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task RefitClient_EveryDemoAppEveryEndpoint_ReadsBackAgreeingWithTheDataset()
    {
        using var sp = SparkFixtureServer.Services(_server.BaseUrl);
        var source = sp.Source();

        var apps = await source.ListApplicationsAsync();

        Assert.Equal(Dataset.Runs.Select(r => r.AppId), apps.Select(a => a.Id));
        foreach (var run in Dataset.Runs)
        {
            var app = await source.GetApplicationAsync(run.AppId);
            var executors = await source.ExecutorsAsync(run.AppId);
            var all = await source.AllExecutorsAsync(run.AppId);
            var stages = await source.StagesAsync(run.AppId);
            var jobs = await source.JobsAsync(run.AppId);
            var sql = await source.SqlExecutionsAsync(run.AppId);
            var env = await source.EnvironmentAsync(run.AppId);
            var rdds = await source.StorageRddsAsync(run.AppId);

            var attempt = Assert.Single(app.Attempts);
            Assert.Equal(run.Start, attempt.Start);
            Assert.Equal(run.End, attempt.End);
            Assert.Equal(run.Duration, attempt.Duration);
            Assert.Equal(run.Executors + 1, executors.Count);
            Assert.Equal(executors.Count, all.Count);
            Assert.Equal(6, stages.Count);
            Assert.All(stages, s => Assert.True(s.ExecutorCpuTime < s.ExecutorRunTime));
            Assert.Equal(4, jobs.Count);
            Assert.Equal(4, sql.Count);
            Assert.Equal(run.AppId, env.SparkPropertyMap()["spark.app.id"]);
            Assert.Equal(run.IsCached ? 2 : 0, rdds.Count);
        }
    }

    [Fact]
    public async Task RefitClient_DemoComparison_StagesMatchPlansDifferByInMemoryTableScan()
    {
        using var sp = SparkFixtureServer.Services(_server.BaseUrl);
        var source = sp.Source();
        var b = Dataset.Runs.First(r => !r.IsCached).AppId;
        var c = Dataset.Runs.First(r => r.IsCached).AppId;

        var stages = StageMatcher.Match(await source.StagesAsync(b), await source.StagesAsync(c), await source.JobsAsync(b), await source.JobsAsync(c));
        var sql = PlanDiff.MatchExecutions(await source.SqlExecutionsAsync(b), await source.SqlExecutionsAsync(c));
        var cached = CachedDataSummary.From(await source.StorageRddsAsync(c));

        Assert.Equal(6, stages.Pairs.Count);
        Assert.Empty(stages.OnlyInBaseline);
        Assert.Equal(4, sql.Pairs.Count);
        Assert.All(sql.Pairs, p => Assert.Contains("InMemoryTableScan", PlanDiff.Compare(p.Baseline, p.Candidate).NodesOnlyInCandidate));
        Assert.True(cached.TotalMemoryUsed > DemoOptions.GiB);
    }

    [Fact]
    public async Task RefitClient_UnknownApp_NotFound()
    {
        using var sp = SparkFixtureServer.Services(_server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().GetApplicationAsync("app-missing"));

        Assert.Equal("not_found", ex.ErrorType);
    }

    [Fact]
    public void DemoRestCommand_Dispatcher_RegisteredAndBadPortIsUsageError()
    {
        var err = new StringWriter();

        var code = CommandDispatcher.Run(["demo-rest", "--manifest", "m.json", "--port", "0"], new StringWriter(), err);

        Assert.Equal(CommandDispatcher.UsageError, code);
        Assert.Contains("--port", err.ToString(), StringComparison.Ordinal);
    }
}
