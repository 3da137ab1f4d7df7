using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Integration.Truth;

/// <summary>
/// One truth case (<c>../shared/truth-cases/&lt;case&gt;</c>) generated once and loaded into two real backends: a
/// Prometheus backfilled by promtool and a VictoriaMetrics fed through its import API. The product is built as the
/// app builds it (<see cref="SparkTunerServices.AddSparkTuner"/> over an in-memory configuration) once per backend, and
/// its answers (run discovery over the case's range, the comparison of its two runs) are computed once and shared by
/// the tests of the class.
/// </summary>
public abstract class TruthCaseFixture(string caseName, bool kubernetesDiscovery = false) : IAsyncLifetime
{
    public const string Prometheus = "prometheus";
    public const string VictoriaMetrics = "victoriametrics";

    /// <summary>The Prometheus with every statistic that can be reduced by Prometheus reduced (Prometheus:ReduceAboveSamples = 0).</summary>
    public const string PrometheusReduced = "prometheus-reduced";

    /// <summary>The Prometheus with every statistic read from raw samples (Prometheus:ReduceAboveSamples = -1).</summary>
    public const string PrometheusRaw = "prometheus-raw";

    /// <summary>The generators' scrape interval.</summary>
    public const int ScrapeIntervalSeconds = 15;

    /// <summary>The product's clock: the case's generation time plus a few seconds, as if compared right after.</summary>
    public static readonly TimeSpan ClockAfterGeneration = TimeSpan.FromSeconds(3);

    public static TheoryData<string> Backends => new() { Prometheus, VictoriaMetrics };

    private readonly ConcurrentDictionary<string, ServiceProvider> _services = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<SparkRun>>>> _discovered = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<ComparisonReport>>> _compared = new();
    private TruthCase? _case;
    private PrometheusServer? _prometheus;
    private VictoriaMetricsServer? _victoria;

    public TruthCase Case => _case ?? throw new InvalidOperationException("not started");

    public string CaseName => caseName;

    public async Task InitializeAsync()
    {
        _case = await TruthCase.GenerateAsync(caseName);
        var prometheus = PrometheusServer.StartAsync(_case.InputPath);
        // VictoriaMetrics moves an instant query whose time is within -search.latencyOffset (30 s by default) of its
        // wall clock back to now - 30 s, and drops range-query points that recent. A case ending seconds before
        // "now" (still-running) would then depend on how long after generation the test runs; 0 s keeps it exact.
        var victoria = VictoriaMetricsServer.StartAsync(_case.InputPath, ["-search.latencyOffset=0s"]);
        try
        {
            await Task.WhenAll(prometheus, victoria);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop whichever server did start.
            if (prometheus.IsCompletedSuccessfully) await prometheus.Result.DisposeAsync();
            if (victoria.IsCompletedSuccessfully) await victoria.Result.DisposeAsync();
            _case.Dispose();
            throw;
        }
        _prometheus = prometheus.Result;
        _victoria = victoria.Result;
    }

    public string BaseUrl(string backend) => backend switch
    {
        Prometheus or PrometheusReduced or PrometheusRaw => (_prometheus ?? throw new InvalidOperationException("prometheus not started")).BaseUrl,
        VictoriaMetrics => (_victoria ?? throw new InvalidOperationException("victoria-metrics not started")).BaseUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend"),
    };

    /// <summary>The configuration the app would read for this case and backend.</summary>
    public IConfiguration Configuration(string backend)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Prometheus:BaseUrl"] = BaseUrl(backend),
            ["Prometheus:ScrapeIntervalSeconds"] = ScrapeIntervalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (backend is PrometheusReduced or PrometheusRaw)
        {
            settings["Prometheus:ReduceAboveSamples"] = backend == PrometheusReduced ? "0" : "-1";
        }
        if (kubernetesDiscovery)
        {
            settings["Runs:DiscoveryProfile"] = "kubernetes";
            settings["Prometheus:Profiles:0"] = "spark-native";
            settings["Prometheus:Profiles:1"] = "kubernetes";
        }
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    /// <summary>The app's services over <paramref name="backend"/>, with the product clock at the case's now plus a few seconds.</summary>
    public IServiceProvider Services(string backend) => _services.GetOrAdd(backend, b =>
    {
        var services = new ServiceCollection();
        services.AddSparkTuner(Configuration(b));
        // Registered last so it wins over any default clock the registrations add.
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Case.Now + ClockAfterGeneration));
        return services.BuildServiceProvider();
    });

    /// <summary><see cref="RunDiscovery.DiscoverAsync"/> over the case's [frm, to] (computed once per backend).</summary>
    public Task<IReadOnlyList<SparkRun>> DiscoverAsync(string backend) =>
        _discovered.GetOrAdd(backend, b => new Lazy<Task<IReadOnlyList<SparkRun>>>(() =>
            Services(b).GetRequiredService<RunDiscovery>().DiscoverAsync(Case.From, Case.To))).Value;

    /// <summary>The comparison of expected.json's first run (baseline) with its second (candidate), summary only (computed once per backend).</summary>
    public Task<ComparisonReport> CompareAsync(string backend) =>
        _compared.GetOrAdd(backend, b => new Lazy<Task<ComparisonReport>>(() =>
            Services(b).GetRequiredService<ComparisonService>().CompareAsync(
                new CompareRequest([Case.Baseline.Id], [Case.Candidate.Id], Case.From, Case.To, Groups: [])))).Value;

    /// <summary>
    /// Per executor-scope (metric, scope) of the summary: how many of the two runs Prometheus reduced and why the others
    /// were read raw (<see cref="ComparisonService.FetchReducedAsync"/> over the reduced backend).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (int Reduced, int Raw)>> ReductionsAsync()
    {
        var service = Services(PrometheusReduced).GetRequiredService<ComparisonService>();
        var runs = await Services(PrometheusReduced).GetRequiredService<RunDiscovery>().DiscoverAsync(Case.From, Case.To);
        var mine = runs.Where(r => r.Id == Case.Baseline.Id || r.Id == Case.Candidate.Id).ToList();
        var counts = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (metricId, scope) in service.Catalog.Summary.Where(r => r.Scope == Core.Catalog.MetricScope.Executor && r.MetricId.Length > 0)
                     .Select(r => (r.MetricId, r.Scope)).Distinct())
        {
            var fetch = await service.FetchReducedAsync(metricId, scope, mine);
            counts[metricId] = (fetch.ByRun.Values.Count(d => d.Reduced), fetch.ByRun.Values.Count(d => !d.Reduced));
        }

        return counts;
    }

    public async Task DisposeAsync()
    {
        foreach (var sp in _services.Values) await sp.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_victoria is not null) await _victoria.DisposeAsync();
        _case?.Dispose();
    }
}
