using System.Globalization;
using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Clients.Tests.Integration;

/// <summary>
/// A real Prometheus backfilled with executor series shaped to hit every branch of <see cref="ServerReduction"/>:
/// counters already running at a window's start (non-zero), born inside it, restarted just before it, reset inside it,
/// with a NaN inside it, scraped every 5 s (several scrapes after a window's end), and running peaks alike. Timestamps
/// carry milliseconds and jitter. For windows placed on and off the samples, the statistics of the reduced data must
/// equal those of the raw samples exactly, and each fallback must happen where its reason lies.
/// </summary>
public sealed class ServerReductionTests(ServerReductionTests.Data fx, ITestOutputHelper output) : IClassFixture<ServerReductionTests.Data>
{
    private const string App = "spark-reduction-test";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>The backfilled Prometheus and the data's origin.</summary>
    public sealed class Data : IAsyncLifetime
    {
        private string? _dir;

        public PrometheusServer Server { get; private set; } = null!;

        public ITimeSeriesSource Source { get; private set; } = null!;

        /// <summary>The first sample's time (whole seconds; samples sit off it by milliseconds).</summary>
        public DateTimeOffset T0 { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3 * 3600);

        public async Task InitializeAsync()
        {
            _dir = Directory.CreateTempSubdirectory("reduction").FullName;
            var file = Path.Combine(_dir, "data.om");
            await File.WriteAllTextAsync(file, OpenMetrics(T0.ToUnixTimeSeconds()));
            Server = await PrometheusServer.StartAsync(file);
            Source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = Server.BaseUrl, ScrapeIntervalSeconds = 15, TimeoutSeconds = 10 });
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            if (_dir is not null) Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>
    /// 30 minutes of executor 1–6 counters (task time) and running peaks (JVM heap), deterministic (seed 7):
    /// 1 there from the first sample with a non-zero start; 2 born at +600 s; 3 restarts (drops to near zero) at
    /// +295 s and +1200 s; 4 scraped every 5 s until +1000 s; 5 has a NaN at +1755 s; 6 ends at +1000 s.
    /// </summary>
    private static string OpenMetrics(long t0)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        foreach (var (name, peak) in new[] { ("metrics_executor_totalDuration_seconds_total", false), ("metrics_executor_JVMHeapMemory_bytes", true) })
        {
            text.Append("# TYPE ").Append(name).Append(" unknown\n");
            for (var executor = 1; executor <= 6; executor++)
            {
                var step = executor == 4 ? 5.0 : 15.0;
                var from = executor == 2 ? 600.0 : 0.0;
                var to = executor is 4 or 6 ? 1000.0 : 1800.0;
                var value = executor == 1 ? 1000.0 : 0.0;
                for (var t = from; t <= to; t += step)
                {
                    var restart = executor == 3 && ((t >= 295 && t - step < 295) || (t >= 1200 && t - step < 1200));
                    if (peak)
                    {
                        value = restart ? 1e8 * random.NextDouble() : Math.Max(value, 1e9 * random.NextDouble());
                    }
                    else
                    {
                        value = restart ? random.NextDouble() : value + step * random.NextDouble();
                    }

                    var stamp = t0 + t + random.Next(1, 900) / 1000.0; // real scrapes carry milliseconds
                    var shown = executor == 5 && Math.Abs(t - 1755) < 1 ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
                    text.Append(name).Append("{application_id=\"").Append(App).Append("\",executor_id=\"").Append(executor)
                        .Append("\"} ").Append(shown).Append(' ').Append(stamp.ToString("0.000", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.Append("# EOF\n").ToString();
    }

    private ComparisonService Service() =>
        new(fx.Source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = Interval, Profiles = ["spark-native"] });

    /// <summary>
    /// Windows (seconds after T0), each named by what it holds: 4's extra scrapes after the end; 3 restarted just before
    /// the start with 2 born and 6 ending inside; 2 born 10 s after the start; the reset and the NaN; nothing special; 4's and 6's last scrapes; 3's
    /// second restart before the start; the NaN.
    /// </summary>
    public static TheoryData<double, double> Windows => new()
    {
        { 300, 900 },
        { 290.5, 1100 },
        { 590.2, 1100 },
        { 120, 600.25 },
        { 0, 1800 },
        { 1010, 1190 },
        { 800, 1000.4 },
        { 1192.5, 1740 },
        { 1700, 1799.2 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task FetchReducedAsync_AnyWindow_SameStatisticsAsRawSamples(double from, double to)
    {
        var run = new SparkRun(App, "reduction", fx.T0.AddSeconds(from), fx.T0.AddSeconds(to), 6, "");
        var service = Service();
        var reducedRuns = 0;
        foreach (var (metric, statistics) in new[] { ("task_time", new[] { Statistic.Increase, Statistic.Mean }), ("jvm_heap", new[] { Statistic.Peak }) })
        {
            var raw = (await service.FetchStatisticsAsync(metric, MetricScope.Executor, [run])).ByRun[App];
            var reduced = (await service.FetchReducedAsync(metric, MetricScope.Executor, [run])).ByRun[App];
            Assert.False(raw.Reduced);
            if (reduced.Reduced) reducedRuns++;
            foreach (var statistic in statistics)
            {
                foreach (var aggregation in new[] { ExecutorAggregation.Sum, ExecutorAggregation.Max, ExecutorAggregation.Mean })
                {
                    var a = RunStatistics.Compute(raw, statistic, aggregation);
                    var b = RunStatistics.Compute(reduced, statistic, aggregation);
                    output.WriteLine($"[{from}, {to}] {metric} {statistic} {aggregation}: raw {a.Value} reduced {b.Value} ({(reduced.Reduced ? "reduced" : "read raw")})");
                    Assert.NotNull(a.Value);
                    Assert.Equal(a.Value!.Value, b.Value!.Value, 1e-9 * Math.Abs(a.Value.Value));
                }
            }

            var perExecutorRaw = RunStatistics.ComputePerExecutor(raw, statistics[0]).ToDictionary(e => e.Executor, e => e.Result.Value);
            var perExecutorReduced = RunStatistics.ComputePerExecutor(reduced, statistics[0]).ToDictionary(e => e.Executor, e => e.Result.Value);
            Assert.Equal(perExecutorRaw.Keys.Order(), perExecutorReduced.Keys.Order());
            foreach (var (executor, value) in perExecutorRaw)
            {
                Assert.Equal(value is null, perExecutorReduced[executor] is null);
                if (value is { } v) Assert.Equal(v, perExecutorReduced[executor]!.Value, 1e-9 * Math.Abs(v));
            }
        }

        output.WriteLine($"{reducedRuns} of 2 metrics reduced by Prometheus");
    }

    [Fact]
    public async Task FetchReducedAsync_FallsBackExactlyWhereTheReductionIsNotExact()
    {
        var service = Service();
        async Task<bool> Reduced(string metric, double from, double to) =>
            (await service.FetchReducedAsync(metric, MetricScope.Executor, [new SparkRun(App, "reduction", fx.T0.AddSeconds(from), fx.T0.AddSeconds(to), 6, "")])).ByRun[App].Reduced;

        // Executor 3 restarted just before 290.5 s (counted from zero), 2 is born and 6 ends inside: all reduced.
        Assert.True(await Reduced("task_time", 290.5, 1100));
        // 3's restart at 1200 s lies inside [1010, 1250]: a counter reset, read raw; a running peak's restart is not.
        Assert.False(await Reduced("task_time", 1010, 1250));
        Assert.True(await Reduced("jvm_heap", 1010, 1250));
        // The NaN of executor 5 at 1755 s.
        Assert.False(await Reduced("task_time", 1700, 1790));
        // Executor 4 is scraped every 5 s and runs on after 900 s: three scrapes after the end, read raw.
        Assert.False(await Reduced("jvm_heap", 300, 900));
    }
}
