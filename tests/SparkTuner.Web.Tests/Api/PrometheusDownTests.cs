using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>The app with no Prometheus behind it: clear 503/502 answers, and ready once one comes up on the configured port.</summary>
public sealed class PrometheusDownTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Api_PrometheusDown_Readyz503AndRuns502NamingTheUrl()
    {
        var url = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        await using var app = new SparkTunerAppFactory(url);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readyBody = await JsonAsync(ready);
        Assert.Equal(url, readyBody.GetProperty("prometheus").GetString());
        Assert.Contains(url, readyBody.GetProperty("error").GetString());

        using var runs = await client.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.BadGateway, runs.StatusCode);
        Assert.Equal("application/problem+json", runs.Content.Headers.ContentType?.MediaType);
        var error = (await JsonAsync(runs)).GetProperty("detail").GetString();
        Assert.Contains("not reachable", error);
        Assert.Contains(url, error);

        using var compare = await client.GetAsync("/api/compare?baseline=a&candidate=b");
        Assert.Equal(HttpStatusCode.BadGateway, compare.StatusCode);
    }

    [Fact]
    public async Task Readyz_PrometheusComesUpOnConfiguredPort_TurnsFrom503To200()
    {
        var port = PrometheusServer.FreePort();
        await using var app = new SparkTunerAppFactory($"http://127.0.0.1:{port}");
        using var client = app.CreateClient();
        using (var before = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        }

        await using var prometheus = await PrometheusServer.StartAsync(port: port);

        // The status is cached for 5 s: poll for a while longer than that.
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var r = await client.GetAsync("/readyz");
            status = r.StatusCode;
        }
        while (status != HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
