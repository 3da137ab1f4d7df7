using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>A real Prometheus backfilled with a small hand-written OpenMetrics file, shared by the tests of one class.</summary>
public sealed class BackfilledPrometheus : IAsyncLifetime
{
    /// <summary>An application id with a quote, a backslash, a newline and an emoji.</summary>
    public const string NastyAppId = "app-\"quoted\"\\back\nline-🚀";
    public const int Points = 40;
    public const int StepSeconds = 15;

    private string? _dir;

    /// <summary>First sample time (Unix seconds), about an hour ago, on a 15 s boundary.</summary>
    public long T0 { get; } = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600) / StepSeconds * StepSeconds;
    public PrometheusServer Server { get; private set; } = null!;
    public PrometheusTimeSeriesSource Source { get; private set; } = null!;

    public static double Value(int executor, int i) => executor * 1_000_000 + i * 1000 + 0.5;

    public async Task InitializeAsync()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sparktuner-om-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "data.om");
        var om = new StringBuilder();
        om.AppendLine("# HELP spark_test_heap_bytes Heap used.");
        om.AppendLine("# TYPE spark_test_heap_bytes gauge");
        foreach (var executor in new[] { 1, 2 })
        {
            for (var i = 0; i < Points; i++)
            {
                om.AppendLine(CultureInfo.InvariantCulture, $"spark_test_heap_bytes{{application_id=\"app-1\",executor_id=\"{executor}\"}} {Value(executor, i)} {T0 + i * StepSeconds}");
            }
        }
        var escaped = NastyAppId.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
        for (var i = 0; i < 3; i++)
        {
            om.AppendLine(CultureInfo.InvariantCulture, $"spark_test_heap_bytes{{application_id=\"{escaped}\",executor_id=\"driver\"}} {7 + i} {T0 + i * StepSeconds}");
        }
        om.AppendLine("# EOF");
        await File.WriteAllTextAsync(file, om.ToString(), new UTF8Encoding(false));
        Server = await PrometheusServer.StartAsync(openMetricsFile: file);
        Source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = Server.BaseUrl, TimeoutSeconds = 10 });
    }

    public async Task DisposeAsync()
    {
        Source?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>The source against a real Prometheus 2.42 with backfilled data.</summary>
public class RealPrometheusTests(BackfilledPrometheus prom) : IClassFixture<BackfilledPrometheus>
{
    private DateTimeOffset At(int i) => DateTimeOffset.FromUnixTimeSeconds(prom.T0 + i * BackfilledPrometheus.StepSeconds);

    /// <summary>PromQL double-quoted string: backslash, quote and newline escaped; other characters (emoji) literal.</summary>
    // Built by Core's escaping (PromQL string rules), exactly as the catalog builds every selector.
    internal static string PromQlString(string value) => SparkTuner.Core.Query.PromQl.EscapeString(value);

    [Fact]
    public async Task QueryRange_Backfilled_SeriesWithFileValues()
    {
        var result = await prom.Source.QueryRangeAsync("spark_test_heap_bytes{application_id=\"app-1\"}", At(0), At(BackfilledPrometheus.Points - 1), TimeSpan.FromSeconds(15));
        Assert.Empty(result.Warnings);
        Assert.Equal(["1", "2"], result.Data.Select(s => s.Label("executor_id")!).Order());
        foreach (var s in result.Data)
        {
            var executor = int.Parse(s.Label("executor_id")!, CultureInfo.InvariantCulture);
            Assert.Equal(BackfilledPrometheus.Points, s.Count);
            for (var i = 0; i < s.Count; i++)
            {
                Assert.Equal(prom.T0 + i * 15, s.Timestamps[i]);
                Assert.Equal(BackfilledPrometheus.Value(executor, i), s.Values[i]);
            }
        }
    }

    [Fact]
    public async Task QueryRaw_RangeSelector_ExactSampleTimestamps()
    {
        var result = await prom.Source.QueryRawAsync("spark_test_heap_bytes{application_id=\"app-1\",executor_id=\"2\"}[1h]", At(BackfilledPrometheus.Points - 1));
        var s = Assert.Single(result.Data);
        Assert.Equal(Enumerable.Range(0, BackfilledPrometheus.Points).Select(i => (double)(prom.T0 + i * 15)), s.Timestamps);
        Assert.Equal(BackfilledPrometheus.Value(2, 5), s.Values[5]);
    }

    [Fact]
    public async Task QueryInstant_InsideWindow_VectorAndScalar()
    {
        var v = await prom.Source.QueryInstantAsync("sum(spark_test_heap_bytes{application_id=\"app-1\"})", At(3));
        Assert.Equal(BackfilledPrometheus.Value(1, 3) + BackfilledPrometheus.Value(2, 3), Assert.Single(v.Data).Value);
        var s = await prom.Source.QueryInstantAsync("scalar(vector(2.5))", At(3));
        Assert.Equal(2.5, Assert.Single(s.Data).Value);
    }

    [Fact]
    public async Task SeriesAndLabelValues_Backfilled_Found()
    {
        var series = await prom.Source.SeriesAsync(["spark_test_heap_bytes{application_id=\"app-1\"}"], At(0), At(39));
        Assert.Equal(2, series.Data.Count);
        Assert.All(series.Data, l => Assert.Equal("spark_test_heap_bytes", l["__name__"]));
        var apps = await prom.Source.LabelValuesAsync("application_id", ["spark_test_heap_bytes"], At(0), At(39));
        Assert.Contains("app-1", apps.Data);
        Assert.Contains(BackfilledPrometheus.NastyAppId, apps.Data);
    }

    [Fact]
    public async Task Version_RealServer_LooksLike242()
    {
        Assert.Matches(@"^2\.\d+\.\d+", await prom.Source.VersionAsync());
    }

    [Fact]
    public async Task Query_SyntaxError_BadDataWithPrometheusMessage()
    {
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => prom.Source.QueryRangeAsync("sum(rate(x[5m])", At(0), At(10), TimeSpan.FromSeconds(15)));
        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("parse error", ex.Message);
        Assert.Contains(prom.Server.BaseUrl, ex.Message);
    }

    [Fact]
    public async Task QueryRange_NastyApplicationId_FoundByExactValue()
    {
        var selector = $"spark_test_heap_bytes{{application_id={PromQlString(BackfilledPrometheus.NastyAppId)}}}";
        var result = await prom.Source.QueryRangeAsync(selector, At(0), At(2), TimeSpan.FromSeconds(15));
        var s = Assert.Single(result.Data);
        Assert.Equal(BackfilledPrometheus.NastyAppId, s.Label("application_id"));
        Assert.Equal([7d, 8d, 9d], s.Values);
    }
}

/// <summary>A real Prometheus scraping Spark's own executor text, served by a loopback stub.</summary>
public class SparkTextScrapeTests
{
    [Theory]
    [InlineData("executors_prometheus_spark-3.5.derived.txt")]
    [InlineData("executors_prometheus_spark-4.0.derived.txt")]
    public async Task Scrape_SparkExecutorText_HeapPerExecutorEqualsFile(string fixture)
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Fixture("prometheus", "derived", fixture));
        var expected = Regex.Matches(text, @"^metrics_executor_JVMHeapMemory_bytes\{[^}]*executor_id=""([^""]+)""\} (\S+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Contains("driver", expected.Keys);
        Assert.True(expected.Count > 1);

        using var target = new StubPrometheus(new StubAnswer(200, text, "text/plain; version=0.0.4"));
        await using var server = await PrometheusServer.StartAsync(
            scrapeTargets: [$"127.0.0.1:{target.Port}"], metricsPath: "/metrics/executors/prometheus", scrapeInterval: "1s");
        const string selector = "metrics_executor_JVMHeapMemory_bytes{application_id=\"application_1553914137147_0018\"}";
        await server.WaitForSeriesAsync(selector, TimeSpan.FromSeconds(30));

        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = server.BaseUrl, ScrapeIntervalSeconds = 1 });
        var result = await source.QueryInstantAsync(selector, DateTimeOffset.UtcNow);
        Assert.Equal(expected, result.Data.ToDictionary(s => s.Labels["executor_id"], s => s.Value));
        Assert.Equal("/metrics/executors/prometheus", target.Last.Path);
        var up = await source.QueryInstantAsync("up", DateTimeOffset.UtcNow);
        Assert.Equal(1, Assert.Single(up.Data).Value);
    }
}
