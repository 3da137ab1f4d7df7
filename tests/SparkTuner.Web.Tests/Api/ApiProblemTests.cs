using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// The API's error answers are RFC 9457 problem details: 502 when the data source failed, 504 when it did not answer in
/// time, 500 (logged, nothing leaked) for the server's own faults. Liveness never asks the data source.
/// </summary>
public sealed class ApiProblemTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = doc.RootElement.Clone();
        Assert.Equal((int)response.StatusCode, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()));
        return body;
    }

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/compare?baseline=a&candidate=b")]
    public async Task Api_PrometheusQueryTimesOut_504ProblemWithErrorType(string url)
    {
        // Prometheus' own answer when a query exceeds its -query.timeout (HTTP 503, errorType "timeout").
        using var stub = new StubPrometheus(new StubAnswer(503, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"""));
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var body = await ProblemAsync(response);
        Assert.Equal("timeout", body.GetProperty("errorType").GetString());
        Assert.Contains("query timed out", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_PrometheusRejectsQuery_502ProblemWithErrorType()
    {
        using var stub = new StubPrometheus(new StubAnswer(422, """{"status":"error","errorType":"execution","error":"expanding series: too many samples"}"""));
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await ProblemAsync(response);
        Assert.Equal("execution", body.GetProperty("errorType").GetString());
        Assert.Contains("too many samples", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ServerFault_500ProblemLoggedWithoutDetails()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new SparkTunerAppFactory("http://127.0.0.1:9").WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(logs))
            .ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new BrokenClock())));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await ProblemAsync(response);
        var text = body.ToString();
        Assert.DoesNotContain(BrokenClock.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == BrokenClock.Secret);
    }

    [Fact]
    public async Task Api_UnknownPath_404Problem()
    {
        await using var app = new SparkTunerAppFactory("http://127.0.0.1:9");
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Healthz_PrometheusDown_200OkWithoutAskingIt()
    {
        using var stub = new StubPrometheus(new StubAnswer(503, "down"));
        await using var app = new SparkTunerAppFactory(stub.BaseUrl);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, stub.Count);
    }

    private sealed class BrokenClock : TimeProvider
    {
        public const string Secret = "connection string Password=hunter2 in a bug";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Secret);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, Exception? Exception)> _entries = new();

        public IReadOnlyList<(LogLevel Level, Exception? Exception)> Entries => _entries.ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(_entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, Exception?)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, exception));
        }
    }
}
