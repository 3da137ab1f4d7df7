using SparkTuner.TestSupport;
using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Security;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>What each call sends (table-driven), and how credentials and headers are added.</summary>
public class PrometheusRequestTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
    private static readonly DateTimeOffset End = DateTimeOffset.FromUnixTimeMilliseconds(1_700_003_600_000);

    private const string Matrix = """{"status":"success","data":{"resultType":"matrix","result":[]}}""";
    private const string Vector = """{"status":"success","data":{"resultType":"vector","result":[]}}""";
    private const string Strings = """{"status":"success","data":["a"]}""";
    private const string LabelSets = """{"status":"success","data":[{"__name__":"up"}]}""";
    private const string BuildInfo = """{"status":"success","data":{"version":"2.42.0"}}""";

    public static TheoryData<string, string, string, string, string[]> Calls => new()
    {
        // name, answer, method, path (after the prefix), expected fields "key=value" in order
        { "range", Matrix, "POST", "/api/v1/query_range", ["query=rate(x{a=\"b\"}[5m])", "start=1700000000.250", "end=1700003600.000", "step=15"] },
        { "instant", Vector, "POST", "/api/v1/query", ["query=rate(x{a=\"b\"}[5m])", "time=1700003600.000"] },
        { "raw", Matrix, "POST", "/api/v1/query", ["query=rate(x{a=\"b\"}[5m])", "time=1700003600.000"] },
        { "series", LabelSets, "POST", "/api/v1/series", ["match[]=up", "match[]={job=\"a b\"}", "start=1700000000.250", "end=1700003600.000"] },
        { "labelvalues", Strings, "GET", "/api/v1/label/application_id/values", ["match[]=up", "match[]={job=\"a b\"}", "start=1700000000.250", "end=1700003600.000"] },
        { "buildinfo", BuildInfo, "GET", "/api/v1/status/buildinfo", [] },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Request_EachCall_SendsMethodPathAndFieldsWithPrefixKept(string call, string answer, string method, string path, string[] fields)
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(answer));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl + "/mimir/prometheus/" });
        const string q = "rate(x{a=\"b\"}[5m])";
        string[] matchers = ["up", "{job=\"a b\"}"];
        _ = call switch
        {
            "range" => (object)await source.QueryRangeAsync(q, Start, End, TimeSpan.FromSeconds(15)),
            "instant" => await source.QueryInstantAsync(q, End),
            "raw" => await source.QueryRawAsync(q, End),
            "series" => await source.SeriesAsync(matchers, Start, End),
            "labelvalues" => await source.LabelValuesAsync("application_id", matchers, Start, End),
            _ => await source.VersionAsync(),
        };
        var r = Assert.Single(stub.Requests);
        Assert.Equal(method, r.Method);
        Assert.Equal("/mimir/prometheus" + path, r.Path);
        if (method == "POST")
        {
            Assert.StartsWith("application/x-www-form-urlencoded", r.ContentType);
        }
        Assert.Equal(fields, r.Fields(fromQuery: method == "GET").Select(f => $"{f.Key}={f.Value}").ToArray());
    }

    [Fact]
    public async Task Request_LongQuery_GoesInTheBodyNotTheUrl()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(Vector));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl });
        var longQuery = "sum(" + string.Join(" or ", Enumerable.Range(0, 2000).Select(i => $"x{{executor_id=\"{i}\"}}")) + ")";
        await source.QueryInstantAsync(longQuery, End);
        Assert.Equal(longQuery, stub.Last.Field("query"));
        Assert.Equal("", stub.Last.Query);
    }

    [Fact]
    public async Task Request_BearerToken_SentAsAuthorization()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(BuildInfo));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, BearerToken = "s3cret" });
        await source.VersionAsync();
        Assert.Equal("Bearer s3cret", stub.Last.Headers["Authorization"]);
    }

    [Fact]
    public async Task ForwardUserToken_UserScope_SendsTheUsersTokenNotTheConfiguredOne_ServiceScopeKeepsTheConfigured()
    {
        using var stub = new StubPrometheus(request => StubPrometheus.Ok(request.Path.EndsWith("buildinfo", StringComparison.Ordinal) ? BuildInfo : Vector));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, BearerToken = "service-account", ForwardUserToken = true });

        using (UpstreamScope.Begin("http:1", "user-token-a"))
        {
            await source.QueryInstantAsync("up", End);
        }
        Assert.Equal("Bearer user-token-a", stub.Last.Headers["Authorization"]);

        // The status chip and /readyz ask for build information as the service.
        using (UpstreamScope.Begin(PrometheusAuthHandler.ServicePartition))
        {
            await source.VersionAsync();
        }
        Assert.Equal("Bearer service-account", stub.Last.Headers["Authorization"]);
    }

    [Fact]
    public async Task ForwardUserToken_UserScopeWithoutAToken_RefusedBeforeAnyRequest()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(Vector));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, BearerToken = "service-account", ForwardUserToken = true });

        using var scope = UpstreamScope.Begin("http:2", userToken: "  ");
        var e = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("up", End));

        Assert.Equal("unauthorized", e.ErrorType);
        Assert.Contains("carried no user token", e.Message);
        Assert.Equal(0, stub.Count);
    }

    [Fact]
    public async Task ForwardUserToken_AnUpstreamEchoingTheUsersToken_IsRedacted()
    {
        const string user = "sha256~echoed-user-token-123456";
        using var stub = EchoingProxy.Start(null, _ => true);
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, ForwardUserToken = true });

        using var scope = UpstreamScope.Begin("http:3", user);
        var e = await Assert.ThrowsAsync<DataSourceException>(() => source.QueryInstantAsync("up", End));

        Assert.Contains("Bearer " + SecretRedactor.Replacement, e.Message);
        Assert.DoesNotContain("echoed-user-token", e.Message);
    }

    [Fact]
    public async Task Request_BasicAuthAndCustomHeaders_Sent()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok(BuildInfo));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions
        {
            BaseUrl = stub.BaseUrl,
            BasicAuth = new PrometheusBasicAuth { Username = "grafana", Password = "p:w" },
            Headers = { ["X-Scope-OrgID"] = "tenant-1" },
        });
        await source.VersionAsync();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:p:w")), stub.Last.Headers["Authorization"]);
        Assert.Equal("tenant-1", stub.Last.Headers["X-Scope-OrgID"]);
    }

    [Fact]
    public async Task Request_TokenFile_ReReadWhenItChanges()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "token-one\n");
            using var stub = new StubPrometheus(StubPrometheus.Ok(BuildInfo));
            using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl, BearerTokenFile = file });
            await source.VersionAsync();
            Assert.Equal("Bearer token-one", stub.Last.Headers["Authorization"]);
            await File.WriteAllTextAsync(file, "token-two");
            await source.VersionAsync();
            Assert.Equal("Bearer token-two", stub.Last.Headers["Authorization"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Request_Warnings_TravelWithTheData()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[[1700000000,"+Inf"]]}]},"warnings":["partial response"]}"""));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl });
        var result = await source.QueryRangeAsync("x", Start, End, TimeSpan.FromSeconds(15));
        Assert.Equal(["partial response"], result.Warnings);
        Assert.Equal(double.PositiveInfinity, Assert.Single(result.Data).Values[0]);
    }

    [Fact]
    public async Task Request_InstantScalar_OneSampleWithoutLabels()
    {
        using var stub = new StubPrometheus(StubPrometheus.Ok("""{"status":"success","data":{"resultType":"scalar","result":[1700000000,"3"]}}"""));
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = stub.BaseUrl });
        var s = Assert.Single((await source.QueryInstantAsync("scalar(3)", End)).Data);
        Assert.Equal(3, s.Value);
        Assert.Empty(s.Labels);
    }
}
