using System.Globalization;
using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// Two applications with the same name run at the same time: the driver's PrometheusServlet series carry no application
/// id, so both drivers' series match the name. The run's own driver is the one with its scrape target (instance, pod);
/// the other is left out, never mistaken for a replica copy. Real Prometheus, data written here in Spark's formats.
/// </summary>
public sealed class SameNameDriversTests : IAsyncLifetime
{
    private const long MiB = 1 << 20;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-samename-" + Guid.NewGuid().ToString("N")[..8]);
    private PrometheusServer? _server;
    private double _now;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        var om = new StringBuilder();
        var servlet = new StringBuilder();
        // (id, first scrape, scrapes, driver instance, driver heap peak)
        var apps = new[] { ("spark-same-0011", _now + 300.412, 21, "10.0.4.0:4040", 700 * MiB), ("spark-same-0012", _now + 0.412, 61, "10.0.4.1:4040", 1500 * MiB) };
        om.AppendLine("# TYPE metrics_executor_totalCores gauge");
        foreach (var (id, t0, n, instance, _) in apps)
        {
            foreach (var e in new[] { "driver", "1" })
            {
                for (var i = 0; i < n; i++)
                {
                    om.AppendLine(CultureInfo.InvariantCulture, $"metrics_executor_totalCores{{application_id=\"{id}\",application_name=\"probe-overlap\",executor_id=\"{e}\",instance=\"{instance}\",job=\"spark\"}} {(e == "driver" ? 0 : 2)} {t0 + i * 15:0.000}");
                }
            }
        }

        om.AppendLine("# TYPE metrics_probe_overlap_driver_ExecutorMetrics_JVMHeapMemory_Value gauge");
        foreach (var (_, t0, n, instance, peak) in apps)
        {
            for (var i = 0; i < n; i++)
            {
                om.AppendLine(CultureInfo.InvariantCulture, $"metrics_probe_overlap_driver_ExecutorMetrics_JVMHeapMemory_Value{{instance=\"{instance}\",job=\"spark-servlet\",type=\"gauges\"}} {(i == n / 2 ? peak : 200 * MiB)} {t0 + i * 15:0.000}");
            }
        }

        om.AppendLine("# EOF");
        var file = Path.Combine(_dir, "input.om");
        await File.WriteAllTextAsync(file, om.ToString());
        _server = await PrometheusServer.StartAsync(file);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Compare_TwoDriversOfTheSameNameAtOnce_EachRunGetsItsOwnDriverHeap()
    {
        var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = _server!.BaseUrl, ScrapeIntervalSeconds = 15 });
        var discovery = new RunDiscovery(source);
        var service = new ComparisonService(source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = TimeSpan.FromSeconds(15) }, discovery);
        var from = DateTimeOffset.FromUnixTimeSeconds((long)_now - 60);
        var to = from.AddHours(1);

        var report = await service.CompareAsync(new CompareRequest(["spark-same-0011"], ["spark-same-0012"], from, to, ["driver_jvm_heap_peak_bytes"], Groups: []));

        var row = Assert.Single(report.Result.Rows);
        Assert.Equal(700 * MiB, row.Baseline);
        Assert.Equal(1500 * MiB, row.Candidate);
        Assert.Contains("other driver(s) named 'probe-overlap' ran at the same time", row.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate series", row.Note ?? "", StringComparison.Ordinal);
    }
}
