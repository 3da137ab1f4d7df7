using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;
using SparkTuner.Web.Services;

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
    public async Task Compare_MoreRunsThanTheConfiguredCap_400BeforeAnyQuery()
    {
        // Nothing listens on the data source's port: had a query been sent, the answer would be a 502.
        await using var app = new SparkTunerAppFactory($"http://127.0.0.1:{PrometheusServer.FreePort()}")
            .WithWebHostBuilder(b => b.UseSetting("Runs:MaxRunsPerSide", "2"));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/compare?baseline=a,b,c&candidate=d,e");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal(["'baseline' lists 3 runs; at most 2 per side can be compared (setting Runs:MaxRunsPerSide)."],
            body.GetProperty("errors").GetProperty("baseline").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.GetProperty("errors").TryGetProperty("candidate", out _));
    }

    [Fact]
    public async Task Readyz_PrometheusComesUpOnConfiguredPort_503UntilTheCachedStatusExpiresThen200()
    {
        var port = PrometheusServer.FreePort();
        // The status cache runs on a fake clock; the rest of the app (HTTP resilience timers included) on the real one.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using var app = new SparkTunerAppFactory($"http://127.0.0.1:{port}").WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(sp => new DataSourceStatusService(sp.GetRequiredService<ITimeSeriesSource>(), clock))));
        using var client = app.CreateClient();
        using (var before = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        }

        await using var prometheus = await PrometheusServer.StartAsync(port: port);

        // The status is cached for 5 s: still "not ready" just before, a fresh check at 5 s.
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        using (var cached = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, cached.StatusCode);
        }
        clock.Advance(TimeSpan.FromTicks(1));
        using var after = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("ready", (await JsonAsync(after)).GetProperty("status").GetString());
    }
}
