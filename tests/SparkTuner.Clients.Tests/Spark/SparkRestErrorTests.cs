using System.Text.Json;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Tests.Spark;

public sealed class SparkRestErrorTests
{
    [Fact]
    public async Task Stages_UnknownApp_NotFoundNamingApp()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().StagesAsync("app-missing", attemptId: ""));

        Assert.Equal("not_found", ex.ErrorType);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("'app-missing'", ex.Message);
        Assert.Contains($"{server.BaseUrl}/api/v1/applications/app-missing/stages", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task GetApplication_UnknownApp_NotFound()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().JobsAsync("app-missing"));

        Assert.Equal("not_found", ex.ErrorType);
        Assert.Contains("app-missing", ex.Message);
    }

    [Fact]
    public async Task ListApplications_HtmlBody_BadResponse()
    {
        await using var server = new LoopbackServer(_ => new LoopbackReply(200, "text/html", "<html><body>Spark Jobs</body></html>"));
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("bad_response", ex.ErrorType);
        Assert.Contains($"{server.BaseUrl}/api/v1/applications", ex.Message);
    }

    [Fact]
    public async Task ListApplications_BadDateFormat_BadResponse()
    {
        await using var server = new LoopbackServer(_ => LoopbackReply.Json("""[{"id":"a","name":"n","attempts":[{"startTime":"2020-01-01T00:00:00Z"}]}]"""));
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("bad_response", ex.ErrorType);
    }

    [Fact]
    public async Task ListApplications_Forbidden_HttpError()
    {
        await using var server = new LoopbackServer(_ => new LoopbackReply(403, "text/plain", "forbidden"));
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("http_error", ex.ErrorType);
        Assert.Equal(403, ex.StatusCode);
    }

    [Fact]
    public async Task ListApplications_ConnectionRefused_Unreachable()
    {
        var port = LoopbackServer.FreePort();
        using var sp = SparkFixtureServer.Services($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("unreachable", ex.ErrorType);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
    }

    [Fact]
    public async Task ListApplications_ServerHangs_TimeoutWithinBudget()
    {
        await using var server = new LoopbackServer(_ => null);
        using var sp = SparkFixtureServer.Services(server.BaseUrl, timeoutSeconds: 1);

        // A real 1 s budget: the server never answers, so only the resilience handler's timeout ends the call.
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("timeout", ex.ErrorType);
        Assert.Equal($"Spark REST: {server.BaseUrl}/api/v1/applications did not answer in time.", ex.Message);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task ListApplications_BaseUrlUnset_NotConfigured()
    {
        using var sp = SparkFixtureServer.Services(null);

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sp.Source().ListApplicationsAsync());

        Assert.Equal("not_configured", ex.ErrorType);
        Assert.Contains("SparkRest:BaseUrl", ex.Message);
    }

    [Fact]
    public async Task GetApplication_RunningApp_EndNullNotCompleted()
    {
        const string json = """
            {"id":"app-run","name":"live","attempts":[{"startTime":"2024-05-01T10:00:00.000GMT","endTime":"1969-12-31T23:59:59.999GMT",
             "lastUpdated":"2024-05-01T10:05:00.000GMT","duration":300000,"sparkUser":"u","completed":false,"appSparkVersion":"4.0.0",
             "startTimeEpoch":1714557600000,"endTimeEpoch":-1,"lastUpdatedEpoch":1714557900000,"someFutureField":{"x":1}}]}
            """;
        await using var server = new LoopbackServer(_ => LoopbackReply.Json(json));
        using var sp = SparkFixtureServer.Services(server.BaseUrl + "/api/v1/");

        var attempt = Assert.Single((await sp.Source().GetApplicationAsync("app-run")).Attempts);

        Assert.Null(attempt.End);
        Assert.False(attempt.Completed);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), attempt.Start);
        Assert.Equal("/api/v1/applications/app-run", server.Requests.Single().AbsolutePath); // "/api/v1" in BaseUrl tolerated
    }

    [Theory]
    [InlineData(45, new[] { 0, 20, 40 })]
    [InlineData(40, new[] { 0, 20, 40 })]
    [InlineData(3, new[] { 0 })]
    public async Task SqlExecutions_Paged_RequestsUntilShortPage(int total, int[] expectedOffsets)
    {
        await using var server = new LoopbackServer(url =>
        {
            if (!url.AbsolutePath.EndsWith("/sql", StringComparison.Ordinal)) return LoopbackReply.NotFound("no");
            var q = System.Web.HttpUtility.ParseQueryString(url.Query);
            var offset = int.Parse(q["offset"]!, System.Globalization.CultureInfo.InvariantCulture);
            var length = int.Parse(q["length"]!, System.Globalization.CultureInfo.InvariantCulture);
            var page = Enumerable.Range(offset, Math.Max(0, Math.Min(length, total - offset))).Select(i => new Dictionary<string, object>
            {
                ["id"] = i,
                ["status"] = "COMPLETED",
                ["description"] = $"count at demo.py:{i}",
                ["planDescription"] = "== Physical Plan ==\nAdaptiveSparkPlan (3)\n+- InMemoryTableScan (1)\n      +- InMemoryRelation (2)\n",
                ["submissionTime"] = "2024-05-01T10:00:00.000GMT",
                ["duration"] = 1500,
                ["successJobIds"] = new[] { i },
                ["nodes"] = new object[] { new { nodeId = 0, nodeName = "InMemoryTableScan", metrics = new[] { new { name = "number of output rows", value = "1,000" } } } },
                ["edges"] = new object[] { new { fromId = 0, toId = 1 } },
            });
            return LoopbackReply.Json(JsonSerializer.Serialize(page));
        });
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var executions = await sp.Source().SqlExecutionsAsync("app-1", attemptId: "");

        Assert.Equal(total, executions.Count);
        Assert.Equal(expectedOffsets, server.Requests.Select(u => int.Parse(System.Web.HttpUtility.ParseQueryString(u.Query)["offset"]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(server.Requests, u => Assert.Contains("planDescription=true", u.Query));
        if (total > 0)
        {
            var first = executions[0];
            Assert.Equal(TimeSpan.FromMilliseconds(1500), first.Duration);
            Assert.Equal("1,000", first.Nodes[0].Metrics[0].Value);
            Assert.Equal(new SparkTuner.Core.Spark.SqlPlanEdge(0, 1), first.Edges[0]);
            Assert.Contains("InMemoryTableScan", first.PlanDescription);
        }
    }
}
