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
    public async Task Compare_UnknownId_404ProblemNamingTheRun()
    {
        using var response = await fx.Client.GetAsync($"/api/compare?baseline={Prom.Ids("noncached")[0]}&candidate=spark-nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Equal("Unknown run", body.GetProperty("title").GetString());
        Assert.Contains("'spark-nope'", body.GetProperty("detail").GetString());
        Assert.Equal(["spark-nope"], body.GetProperty("unknown").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("same", "candidate", "on both sides")]
    [InlineData("aggregation=median", "aggregation", "not one of sum, max, mean, each")]
    [InlineData("from=yesterday", "from", "'yesterday'")]
    [InlineData("from=now-1h&to=now-2h", "to", "before it starts")]
    [InlineData("from=0&to=99999999999", "from", "at most 31 days are searched (Runs:MaxSearchRangeDays)")]
    [InlineData("format=xml", "format", "not json or csv")]
    [InlineData("metrics=duration_seconds,nope", "metrics", "unknown metric 'nope'")]
    [InlineData("twice", "baseline", "is listed 2 times in 'baseline'")]
    [InlineData("nobaseline", "baseline", "No baseline run is named")]
    [InlineData("toomany", "candidate", "'candidate' lists 21 runs; at most 20 per side")]
    [InlineData("spaces", "candidate", "is not a Spark application id")]
    public async Task Compare_BadRequest_400ValidationProblemNamingTheParameter(string variant, string parameter, string message)
    {
        var id = Prom.Ids("noncached")[0];
        var url = variant switch
        {
            "same" => $"/api/compare?baseline={id}&candidate={id}",
            "twice" => $"/api/compare?baseline={id},{id}&candidate={Prom.Ids("cached")[0]}",
            "toomany" => $"/api/compare?baseline={id}&candidate={string.Join(",", Enumerable.Range(0, 21).Select(i => $"spark-{i}"))}",
            "nobaseline" => $"/api/compare?baseline=,&candidate={id}",
            "spaces" => $"/api/compare?baseline={id}&candidate=spark%20x",
            _ => CompareUrl("&" + variant),
        };

        using var response = await fx.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        var errors = body.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/compare?baseline=a&candidate=b&agg=max", "agg", "known: baseline, candidate, from, to, metrics, aggregation, format, advice")]
    [InlineData("/api/runs?form=now-1h", "form", "known: from, to")]
    [InlineData("/api/doctor?run=x&verbose=1", "verbose", "known: run")]
    public async Task Api_UnknownQueryParameter_400NamingItAndListingTheKnownOnes(string url, string parameter, string known)
    {
        using var response = await fx.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        var message = Assert.Single(body.GetProperty("errors").GetProperty(parameter).EnumerateArray()).GetString()!;
        Assert.StartsWith($"'{parameter}' is not a parameter of {url[..url.IndexOf('?', StringComparison.Ordinal)]}", message, StringComparison.Ordinal);
        Assert.EndsWith(known, message, StringComparison.Ordinal);
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_PageLinkQuery_SameSidesOnTheApi()
    {
        // The query of a page link (ids escaped the page's way, page-only parameters left out) opens on the API.
        var link = SparkTuner.Web.Model.DashboardUrls.Compare(new(Prom.Ids("noncached").Take(2).ToList(), [Prom.Ids("cached")[0]]));
        using var response = await fx.Client.GetAsync("/api" + link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ComparisonJson.Deserialize(await response.Content.ReadAsStringAsync());
        Assert.Equal(Prom.Ids("noncached").Take(2), result.Baseline.Runs.Select(r => r.Id));
        Assert.Equal([Prom.Ids("cached")[0]], result.Candidate.Runs.Select(r => r.Id));
    }

    [Fact]
    public async Task Runs_BadTime_400ValidationProblem()
    {
        using var response = await fx.Client.GetAsync("/api/runs?from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'yesterday'", (await JsonAsync(response)).GetProperty("errors").GetProperty("from")[0].GetString());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheApiAndNothingElse()
    {
        using var response = await fx.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await JsonAsync(response)).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/runs", paths);
        Assert.Contains("/api/compare", paths);
        Assert.Contains("/api/doctor", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_Compare_DocumentsItsProblemStatusCodes()
    {
        var doc = await JsonAsync(await fx.Client.GetAsync("/openapi/v1.json"));

        var responses = doc.GetProperty("paths").GetProperty("/api/compare").GetProperty("get").GetProperty("responses")
            .EnumerateObject().Select(r => r.Name).ToList();
        Assert.Equal(["200", "400", "404", "500", "502", "504"], responses.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readyz_PrometheusUp_200()
    {
        using var response = await fx.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Prom.BaseUrl, (await JsonAsync(response)).GetProperty("prometheus").GetString());
    }
}
