using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// The limits of issue 11 on the real app, seen through a <see cref="CountingProxy"/> in front of the real demo
/// Prometheus: the process-wide cap under 20 concurrent compares, and links with absurd ranges.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class UpstreamLimitsApiTests(DemoAppFixture fx, ITestOutputHelper output)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private string Ids(string variant) => string.Join(",", fx.Prometheus.Ids(variant));

    [Fact]
    public async Task Compare_TwentyConcurrentCalls_InFlightAtPrometheusNeverAboveTheCap()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.Prometheus.BaseUrl);
        await using var app = new SparkTunerAppFactory(proxy.BaseUrl).WithWebHostBuilder(b => b.UseSetting("Prometheus:MaxConcurrentQueries", "4"));
        using var client = app.CreateClient();
        var url = $"/api/compare?baseline={Ids("noncached")}&candidate={Ids("cached")}"
                  + $"&from={Uri.EscapeDataString(fx.Prometheus.From.ToString("O"))}&to={Uri.EscapeDataString(fx.Prometheus.To.ToString("O"))}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync(url)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        output.WriteLine($"20 compares: {proxy.Count} requests to Prometheus, at most {proxy.MaxInFlight} in flight (cap 4)");
        Assert.InRange(proxy.MaxInFlight, 2, 4);
    }

    [Fact]
    public async Task Runs_LinkToYear9999_EndClippedToNow_FewQueries()
    {
        await using var proxy = await CountingProxy.StartAsync(fx.Prometheus.BaseUrl);
        await using var app = new SparkTunerAppFactory(proxy.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/runs?to=9999-12-31T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fx.Prometheus.Manifest.Runs.Count, (await JsonAsync(response)).GetArrayLength());
        output.WriteLine($"to=9999-12-31: {proxy.Count} requests to Prometheus");
        // The default lookback (15 days) back from now: one series lookup and at most two raw reads per day-chunk.
        Assert.InRange(proxy.Count, 2, 1 + 2 * 16);
    }

    [Theory]
    [InlineData("/api/runs?from=1970-01-01T00:00:00Z", "from")]
    [InlineData("/api/runs?from=1", "from")]
    [InlineData("/api/runs?from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z", "from")]
    [InlineData("/api/compare?baseline=a&candidate=b&from=1970-01-01T00:00:00Z", "from")]
    public async Task Links_AbsurdFrom_400NamingTheLimit_NoQuery(string url, string parameter)
    {
        await using var proxy = await CountingProxy.StartAsync(fx.Prometheus.BaseUrl);
        await using var app = new SparkTunerAppFactory(proxy.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await JsonAsync(response)).GetProperty("errors").GetProperty(parameter)[0].GetString();
        Assert.Matches("at most 31 days are searched|not in the past", message);
        Assert.Equal(0, proxy.Count);
    }
}

/// <summary>
/// The app against a Prometheus that hangs (<see cref="StubPrometheus"/> behind a <see cref="CountingProxy"/>, which sees
/// the aborts) or is down: one deadline per call, shutdown cancels upstream work, one log line per failure.
/// </summary>
public sealed class UpstreamDeadlineTests(ITestOutputHelper output)
{
    private static StubPrometheus Hanging() => new(new StubAnswer(200, "{}", HangFor: TimeSpan.FromSeconds(60)));

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within)
    {
        var sw = Stopwatch.StartNew();
        while (!condition() && sw.Elapsed < within)
        {
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/compare?baseline=a&candidate=b")]
    public async Task Api_PrometheusHangs_504ProblemWithinTheDeadlinePlusOneSecond_RequestAborted(string url)
    {
        using var stub = Hanging();
        await using var proxy = await CountingProxy.StartAsync(stub.BaseUrl);
        // A 2 s deadline; each attempt alone could wait 30 s: the deadline, not the attempt timeout, decides.
        await using var app = new SparkTunerAppFactory(proxy.BaseUrl).WithWebHostBuilder(b =>
        {
            b.UseSetting("Prometheus:RequestDeadlineSeconds", "2");
            b.UseSetting("Prometheus:TimeoutSeconds", "30");
        });
        using var client = app.CreateClient();

        var sw = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        var elapsed = sw.Elapsed;

        output.WriteLine($"{url}: {(int)response.StatusCode} after {elapsed.TotalSeconds:0.00} s");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("did not answer within 2 s", doc.RootElement.GetProperty("detail").GetString());
        Assert.Equal("timeout", doc.RootElement.GetProperty("errorType").GetString());
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3));
        // The upstream request was aborted, not left hanging, and not retried past the deadline.
        await WaitUntilAsync(() => proxy.InFlight == 0, TimeSpan.FromSeconds(2));
        Assert.Equal(0, proxy.InFlight);
        Assert.Equal(1, proxy.Aborted);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Shutdown_QueryInFlight_UpstreamAbortedAtOnce_NoRetryAfterStop()
    {
        using var stub = Hanging();
        await using var proxy = await CountingProxy.StartAsync(stub.BaseUrl);
        await using var app = new SparkTunerAppFactory(proxy.BaseUrl);
        using var client = app.CreateClient();
        var call = client.GetAsync("/api/runs");
        await stub.FirstRequest.WaitAsync(TimeSpan.FromSeconds(10));

        var stoppedAt = proxy.Now;
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await WaitUntilAsync(() => proxy.Aborted > 0, TimeSpan.FromSeconds(5));

        var abort = Assert.Single(proxy.Aborts);
        output.WriteLine($"aborted {(abort.At - stoppedAt).TotalMilliseconds:0} ms after stop");
        Assert.InRange(abort.At - stoppedAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        // No retry after the stop: the stub saw the one request only, a second later too.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, stub.Count);
        try
        {
            // What the caller gets while the host goes away is best effort (503, or whatever the stopping test server
            // makes of it); the upstream abort above is what this test is about.
            using var response = await call.WaitAsync(TimeSpan.FromSeconds(15));
            output.WriteLine($"the call answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException)
        {
            output.WriteLine($"the call ended with {e.GetType().Name}");
        }
    }

    [Fact]
    public async Task Api_PrometheusDown_OneWarningLine_TraceOnlyAtDebug()
    {
        var url = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        await using var app = new SparkTunerAppFactory(url).WithWebHostBuilder(b => b.ConfigureLogging(l =>
        {
            l.AddFakeLogging();
            // Everything reaches the collector, whatever appsettings.json filters for the console.
            l.AddFilter<FakeLoggerProvider>(null, LogLevel.Debug);
        }));
        using var client = app.CreateClient();
        var logs = app.Services.GetFakeLogCollector();
        logs.Clear();

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var records = logs.GetSnapshot();
        var loud = records.Where(r => r.Level >= LogLevel.Warning).ToList();
        foreach (var r in loud)
        {
            output.WriteLine($"{r.Level} {r.Category}: {r.Message}");
        }
        var line = Assert.Single(loud);
        Assert.Null(line.Exception);
        Assert.Contains("not reachable", line.Message);
        Assert.DoesNotContain('\n', line.Message);
        // Not suppressed: the retries and the trace are there for whoever asks for Debug.
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Exception is not null);
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);
    }
}
