using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// GET /metrics of the real app: request durations by route, Prometheus and Spark REST call durations and errors by
/// kind, and the run-data cache's hits. The counters are process-wide (several apps run in this test process), so each
/// test compares a series before and after what it does.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class MetricsEndpointTests(DemoAppFixture fx)
{
    private string CompareUrl =>
        $"/api/compare?baseline={string.Join(",", fx.Prometheus.Ids("noncached"))}&candidate={string.Join(",", fx.Prometheus.Ids("cached"))}";

    /// <summary>The value of one series of the text exposition (exact name and label set), 0 when it is absent.</summary>
    internal static double Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static async Task<string> MetricsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Metrics_CompareTwice_RequestDurationPrometheusCallsAndCacheHitsCounted()
    {
        const string hits = "sparktuner_cache_lookups_total{result=\"hit\"}";
        const string requests = "http_request_duration_seconds_count{code=\"200\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/api/compare\"}";
        const string rawReads = "sparktuner_upstream_call_duration_seconds_count{upstream=\"prometheus\",operation=\"raw-sample query\",outcome=\"ok\"}";
        var before = await MetricsAsync(fx.Client);

        using (var first = await fx.Client.GetAsync(CompareUrl)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var second = await fx.Client.GetAsync(CompareUrl)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var after = await MetricsAsync(fx.Client);

        Assert.Equal(Value(before, requests) + 2, Value(after, requests));
        // The second call is answered from the cache of completed runs.
        Assert.True(Value(after, hits) > Value(before, hits), $"no cache hit counted:\n{after}");
        Assert.True(Value(after, rawReads) > 0, "no raw read of Prometheus timed");
        Assert.Contains("# TYPE sparktuner_upstream_call_duration_seconds histogram", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE sparktuner_circuits_open gauge", after, StringComparison.Ordinal);
        // Route patterns and fixed operation names only: never a run id or a query in a label.
        Assert.DoesNotContain(fx.Prometheus.Ids("cached")[0], after, StringComparison.Ordinal);
        Assert.DoesNotContain("application_id", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PrometheusRejectsQuery_ErrorCountedByKind()
    {
        const string series = "sparktuner_upstream_call_errors_total{upstream=\"prometheus\",operation=\"series lookup\",kind=\"execution\"}";
        using var stub = new StubPrometheus(new StubAnswer(422, """{"status":"error","errorType":"execution","error":"expanding series: too many samples"}"""));
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();
        var before = Value(await MetricsAsync(client), series);

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(before + 1, Value(await MetricsAsync(client), series));
    }

    [Fact]
    public async Task Metrics_SparkRestUnreachable_SparkRestErrorCountedAsUnreachable()
    {
        const string series = "sparktuner_upstream_call_errors_total{upstream=\"spark_rest\",operation=\"application\",kind=\"unreachable\"}";
        var closed = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        await using var app = new SparkTunerAppFactory(fx.Prometheus.BaseUrl)
            .WithWebHostBuilder(b => b.UseSetting("SparkRest:BaseUrl", closed));
        using var client = app.CreateClient();
        var before = Value(await MetricsAsync(client), series);

        using var response = await client.GetAsync(CompareUrl);
        var after = await MetricsAsync(client);

        Assert.True(Value(after, series) > before, $"no unreachable Spark REST call counted:\n{string.Join('\n', after.Split('\n').Where(l => l.Contains("spark_rest", StringComparison.Ordinal)))}");
    }
}
