using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SparkTuner.Cli;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>GET /api/doctor of the real app over the real demo Prometheus: the same report as <c>sparktuner doctor --json</c>.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class DoctorApiTests(DemoAppFixture fx)
{
    private static JsonNode WithoutClockFields(string json)
    {
        var node = JsonNode.Parse(json)!;
        node.AsObject().Remove("checkedAt");
        node["run"]!.AsObject().Remove("searchFrom");
        node["run"]!.AsObject().Remove("searchTo");
        return node;
    }

    [Fact]
    public async Task Doctor_HealthyDemo_200HealthySameReportAsCliJson()
    {
        using var response = await fx.Client.GetAsync("/api/doctor");
        var api = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using (var doc = JsonDocument.Parse(api))
        {
            Assert.Equal("healthy", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal(fx.Prometheus.Manifest.Runs[^1].AppId, doc.RootElement.GetProperty("run").GetProperty("run").GetProperty("id").GetString());
        }

        var o = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(["doctor", "--json", "--prometheus", fx.Prometheus.BaseUrl, "--scrape-interval", "5s"], o, TextWriter.Null);
        Assert.Equal(0, code);
        // One code path: the documents are identical but for the clock.
        Assert.Equal(WithoutClockFields(o.ToString()).ToJsonString(), WithoutClockFields(api).ToJsonString());
    }

    [Fact]
    public async Task Doctor_RunParameter_ChecksThatRun()
    {
        var id = fx.Prometheus.Manifest.Runs[1].AppId;
        using var response = await fx.Client.GetAsync($"/api/doctor?run={Uri.EscapeDataString(id)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, doc.RootElement.GetProperty("run").GetProperty("run").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Doctor_UnknownRun_200ProblemsWithTheNoRunFinding()
    {
        using var response = await fx.Client.GetAsync("/api/doctor?run=spark-nope");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("problems", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("noRun", doc.RootElement.GetProperty("findings")[0].GetProperty("hint").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task DataSourcePage_Prerendered_TitleAndRunFieldNoCheckYet()
    {
        var html = await fx.Client.GetStringAsync("/datasource?run=spark-x");

        Assert.Contains("<title>Data source · SparkTuner</title>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"doctor-loading\"", html, StringComparison.Ordinal);
    }
}

/// <summary>
/// The app in front of a backend that answers buildinfo without a version, as VictoriaMetrics 1.79 does — a loopback
/// stub, because a real Prometheus always names its version (the real VictoriaMetrics is in the Clients tests).
/// </summary>
public sealed class VersionlessBackendTests
{
    [Fact]
    public async Task Readyz_BuildinfoWithoutVersion_200VersionUnknown()
    {
        using var stub = VersionlessStub();
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("unknown", doc.RootElement.GetProperty("version").GetString());
        Assert.Contains(stub.Requests, r => r.Path == "/api/v1/status/buildinfo");
    }

    [Fact]
    public async Task Doctor_BuildinfoWithoutVersion_ServerReachableVersionUnknown()
    {
        using var stub = VersionlessStub();
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/doctor");

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var server = doc.RootElement.GetProperty("server");
        Assert.True(server.GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, server.GetProperty("version").ValueKind);
        Assert.Equal("reachable, version unknown", server.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Doctor_PrometheusDown_502WithTheReportSayingNotReachable()
    {
        var url = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        await using var app = new SparkTunerAppFactory(url);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/doctor");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("failed", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Contains(url, doc.RootElement.GetProperty("server").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Loopback stub: buildinfo with empty data (VictoriaMetrics 1.79's answer); every other API call an empty success.</summary>
    private static StubPrometheus VersionlessStub() => new(request => StubPrometheus.Ok(request.Path switch
    {
        "/api/v1/status/buildinfo" => """{"status":"success","data":{}}""",
        "/api/v1/query_range" => """{"status":"success","data":{"resultType":"matrix","result":[]}}""",
        "/api/v1/query" => """{"status":"success","data":{"resultType":"vector","result":[]}}""",
        _ => """{"status":"success","data":[]}""",
    }));
}
