using System.Globalization;
using System.Net;
using System.Text.Json;
using SparkTuner.Cli;
using SparkTuner.Core.Comparison;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>GET /api/runs and /api/compare of the real app over the real demo Prometheus.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class ApiTests(DemoAppFixture fx)
{
    private DemoPrometheusFixture Prom => fx.Prometheus;

    private string CompareUrl(string? extra = null) =>
        $"/api/compare?baseline={string.Join(",", Prom.Ids("noncached"))}&candidate={string.Join(",", Prom.Ids("cached"))}{extra}";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Runs_Default_ReturnsTheSixDemoRuns()
    {
        using var response = await fx.Client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var runs = (await JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(Prom.Manifest.Runs.Select(r => r.AppId), runs.Select(r => r.GetProperty("id").GetString()));
        Assert.All(runs, r => Assert.Equal(4, r.GetProperty("executors").GetInt32()));
        Assert.Equal(Prom.Manifest.Runs.Select(r => r.Variant), runs.Select(r => r.GetProperty("variant").GetString()));
        // The demo ended 30 minutes ago: every run has completed.
        Assert.All(runs, r => Assert.Equal("completed", r.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Runs_SameJsonAsCliRunsJson()
    {
        var api = await fx.Client.GetStringAsync("/api/runs");
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(["runs", "--json", "--prometheus", Prom.BaseUrl, "--scrape-interval", "5s"], o, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.Equal(api.Trim(), o.ToString().Trim());
    }

    [Fact]
    public async Task Compare_Json_SameNumbersAsCliCompareJson()
    {
        using var response = await fx.Client.GetAsync(CompareUrl());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apiText = await response.Content.ReadAsStringAsync();

        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(
            ["compare", "--baseline", string.Join(",", Prom.Ids("noncached")), "--candidate", string.Join(",", Prom.Ids("cached")),
             "--json", "--prometheus", Prom.BaseUrl, "--scrape-interval", "5s"], o, e);
        Assert.True(code == 0, e.ToString());

        var api = ComparisonJson.Deserialize(apiText);
        var cli = ComparisonJson.Deserialize(o.ToString());
        Assert.Equal(cli.Rows.Select(r => r.Metric), api.Rows.Select(r => r.Metric));
        foreach (var (c, a) in cli.Rows.Zip(api.Rows))
        {
            Assert.Equal(c.Baseline, a.Baseline);
            Assert.Equal(c.Candidate, a.Candidate);
            Assert.Equal(c.PercentChange, a.PercentChange);
            Assert.Equal(c.Rip, a.Rip);
            Assert.Equal(c.RipCi95, a.RipCi95);
            Assert.Equal(c.Verdict, a.Verdict);
        }
        // One code path: the documents are identical, not merely close.
        Assert.Equal(o.ToString().Trim(), apiText.Trim());
        var duration = api.Rows.Single(r => r.Metric == "duration_seconds");
        Assert.Equal(Verdict.Better, duration.Verdict);
    }

    [Fact]
    public async Task Compare_FormatCsv_TextCsvWithHeaderLine()
    {
        using var response = await fx.Client.GetAsync(CompareUrl("&format=csv&metrics=duration_seconds,gc_time_seconds"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", ComparisonCsv.Columns), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("duration_seconds,", lines[1]);
    }

    [Fact]
    public async Task Compare_UnknownId_404WithError()
    {
        using var response = await fx.Client.GetAsync($"/api/compare?baseline={Prom.Ids("noncached")[0]}&candidate=spark-nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Contains("'spark-nope'", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("same")]
    [InlineData("aggregation=median")]
    [InlineData("from=yesterday")]
    [InlineData("format=xml")]
    public async Task Compare_BadRequest_400WithError(string variant)
    {
        var id = Prom.Ids("noncached")[0];
        var url = variant == "same" ? $"/api/compare?baseline={id}&candidate={id}" : CompareUrl("&" + variant);

        using var response = await fx.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await JsonAsync(response)).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Readyz_PrometheusUp_200()
    {
        using var response = await fx.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Prom.BaseUrl, (await JsonAsync(response)).GetProperty("prometheus").GetString());
    }
}
