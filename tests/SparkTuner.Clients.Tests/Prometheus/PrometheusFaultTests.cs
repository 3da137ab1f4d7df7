using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>Every failure becomes one DataSourceException; retries only where they are safe.</summary>
public class PrometheusFaultTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const string Vector = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1700000000,"5"]}]}}""";

    private static PrometheusTimeSeriesSource Source(StubPrometheus stub, int timeoutSeconds = 30) =>
        PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, TimeoutSeconds = timeoutSeconds, BearerToken = "TOPSECRET" });

    public static TheoryData<int, string, string, int> ErrorEnvelopes => new()
    {
        // HTTP status, errorType, error, expected number of requests (retried ones: 1 + 2 retries)
        { 400, "bad_data", "invalid parameter \"query\": 1:8: parse error: unexpected \"}\"", 1 },
        { 422, "execution", "query processing would load too many samples into memory in query execution", 1 },
        { 503, "timeout", "query timed out in expression evaluation", 3 },
        { 503, "unavailable", "Prometheus is shutting down", 3 },
        { 500, "internal", "unexpected error", 1 },
        { 404, "not_found", "not found", 1 },
    };

    [Theory]
    [MemberData(nameof(ErrorEnvelopes))]
    public async Task Query_ErrorEnvelope_KeepsPrometheusErrorTypeTextAndStatus(int status, string errorType, string error, int requests)
    {
        var body = $$"""{"status":"error","errorType":"{{errorType}}","error":{{System.Text.Json.JsonSerializer.Serialize(error)}}}""";
        using var stub = new StubPrometheus(new StubAnswer(status, body));
        using var source = Source(stub);
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("up{", Now));
        Assert.Equal(errorType, ex.ErrorType);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("up{", ex.Query);
        Assert.Contains(error, ex.Message);
        Assert.Contains(stub.BaseUrl, ex.Message);
        Assert.DoesNotContain("TOPSECRET", ex.ToString());
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(requests, stub.Count);
    }

    [Fact]
    public async Task Query_ServiceUnavailableThenOk_RetriedToSuccess()
    {
        using var stub = new StubPrometheus(new StubAnswer(503, "upstream connect error", "text/plain"), StubPrometheus.Ok(Vector));
        using var source = Source(stub);
        var result = await source.QueryInstantAsync("x", Now);
        Assert.Equal(5, Assert.Single(result.Data).Value);
        Assert.Equal(2, stub.Count);
        Assert.All(stub.Requests, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task Query_HtmlLoginPageWith200_BadResponseWithBodyStart()
    {
        const string html = "<!DOCTYPE html>\n<html><head><title>Log in to OpenShift</title></head><body>" + "................................................................................END";
        using var stub = new StubPrometheus(new StubAnswer(200, html, "text/html"));
        using var source = Source(stub);
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryRangeAsync("x", Now.AddHours(-1), Now, TimeSpan.FromMinutes(1)));
        Assert.Equal("bad_response", ex.ErrorType);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("<!DOCTYPE html> <html><head><title>Log in to OpenShift", ex.Message);
        Assert.DoesNotContain("END", ex.Message);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Query_GarbageBody_BadResponse()
    {
        using var stub = new StubPrometheus(new StubAnswer(200, "\u0001\u0002garbage{{{"));
        using var source = Source(stub);
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.VersionAsync());
        Assert.Equal("bad_response", ex.ErrorType);
        Assert.Contains("garbage", ex.Message);
    }

    [Fact]
    public async Task Query_UnexpectedResultType_BadResponse()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(Vector));
        using var source = Source(stub);
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryRangeAsync("x", Now.AddHours(-1), Now, TimeSpan.FromMinutes(1)));
        Assert.Equal("bad_response", ex.ErrorType);
        Assert.Contains("vector", ex.Message);
    }

    [Fact]
    public async Task Query_ServerHangsPastTimeout_TimeoutAfterBoundedRetries()
    {
        using var stub = new StubPrometheus(new StubAnswer(200, Vector, HangFor: TimeSpan.FromSeconds(30)));
        using var source = Source(stub, timeoutSeconds: 1);
        // A real 1 s attempt timeout (the pipeline's timers are the system's). The outcome shows the hang was cut
        // short: the stub would answer the query after 30 s, and three requests mean each attempt timed out.
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("x", Now));
        Assert.Equal("timeout", ex.ErrorType);
        Assert.Contains("did not answer within 1 s", ex.Message);
        Assert.Null(ex.StatusCode);
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task Query_ConnectionRefused_Unreachable()
    {
        var port = PrometheusServer.FreePort(); // closed again at once: nothing listens there
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = $"http://127.0.0.1:{port}" });
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.VersionAsync());
        Assert.Equal("unreachable", ex.ErrorType);
        Assert.StartsWith($"Prometheus at http://127.0.0.1:{port} is not reachable: Connection refused", ex.Message);
    }

    [Fact]
    public async Task Query_CallerCancels_OperationCanceledNotWrapped()
    {
        const string second = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"2"]}]}}""";
        using var stub = new StubPrometheus(new StubAnswer(200, Vector, HangFor: TimeSpan.FromSeconds(30)), StubPrometheus.Ok(second));
        using var source = Source(stub);
        using var cts = new CancellationTokenSource();
        // Cancel only once the request is in flight at the server (the timeout only turns a lost request into a failure).
        var query = source.QueryInstantAsync("x", Now, cts.Token);
        await stub.FirstRequest.WaitAsync(TimeSpan.FromSeconds(20));
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.IsNotType<DataSourceException>(ex);
        // Any retry of the cancelled query was sent before it threw: the next query is the stub's second request.
        var next = await source.QueryInstantAsync("y", Now);
        Assert.Equal(2, Assert.Single(next.Data).Value);
        Assert.Equal(["x", "y"], stub.Requests.Select(r => r.Field("query")));
    }

    [Fact]
    public async Task AddSparkTunerClients_Configured_ResolvesSourceWithPrefixAndHeaders()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok("""{"status":"success","data":{"version":"2.42.0"}}"""));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prometheus:BaseUrl"] = stub.BaseUrl + "/prefix",
            ["Prometheus:TimeoutSeconds"] = "5",
            ["Prometheus:Headers:X-Scope-OrgID"] = "team-a",
            ["Prometheus:ScrapeIntervalSeconds"] = "5",
        }).Build();
        await using var sp = new ServiceCollection().AddSparkTunerClients(config).BuildServiceProvider(validateScopes: true);
        var source = sp.GetRequiredService<ITimeSeriesSource>();
        Assert.Equal(stub.BaseUrl + "/prefix", source.Describe);
        Assert.Equal("2.42.0", await source.VersionAsync());
        Assert.Equal("/prefix/api/v1/status/buildinfo", stub.Last.Path);
        Assert.Equal("team-a", stub.Last.Headers["X-Scope-OrgID"]);
        var options = sp.GetRequiredService<IOptions<PrometheusOptions>>().Value;
        Assert.Equal(PrometheusOptions.DefaultProfiles, options.EffectiveProfiles);
        Assert.Equal(5, options.ScrapeIntervalSeconds);
    }

    [Fact]
    public async Task AddSparkTunerClients_DiRetriesPostQueries_SameChainAsCreate()
    {
        using var stub = new StubPrometheus(new StubAnswer(502, "bad gateway", "text/plain"), StubPrometheus.Ok(Vector));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Prometheus:BaseUrl"] = stub.BaseUrl }).Build();
        await using var sp = new ServiceCollection().AddSparkTunerClients(config).BuildServiceProvider();
        var result = await sp.GetRequiredService<ITimeSeriesSource>().QueryInstantAsync("x", Now);
        Assert.Single(result.Data);
        Assert.Equal(2, stub.Count);
    }

    [Theory]
    [InlineData("BaseUrl", "ftp://x", "absolute http")]
    [InlineData("BaseUrl", "/relative", "absolute http")]
    [InlineData("TimeoutSeconds", "0", "TimeoutSeconds")]
    [InlineData("TimeoutSeconds", "601", "TimeoutSeconds")]
    [InlineData("RequestDeadlineSeconds", "0", "Prometheus:RequestDeadlineSeconds = '0' is out of range; expected 1 to 3600 seconds.")]
    [InlineData("MaxConcurrentQueries", "0", "Prometheus:MaxConcurrentQueries = '0' is out of range; expected 1 to 1000 requests in flight.")]
    [InlineData("MaxConcurrentQueries", "1001", "Prometheus:MaxConcurrentQueries = '1001' is out of range")]
    [InlineData("CaFile", "missing-ca.pem", "CaFile")]
    [InlineData("BearerTokenFile", "token-file", "cannot both be set")]
    public void Options_Invalid_FailAtStart(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Prometheus:BaseUrl"] = "http://prom:9090", ["Prometheus:BearerToken"] = "t", [$"Prometheus:{key}"] = value };
        if (key != "BearerTokenFile") settings.Remove("Prometheus:BearerToken");
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var sp = new ServiceCollection().AddSparkTunerClients(config).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PrometheusOptions>>().Value);
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("\"t\"", ex.Message);
    }
}
