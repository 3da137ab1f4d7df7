using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Demo;
using SparkTuner.Core.Series;
using Xunit;

namespace SparkTuner.TestSupport;

/// <summary>
/// The default demo (seed 42: 3 non-cached + 3 cached runs, 4 executors, 5 s scrape) generated once, backfilled with
/// promtool into a real Prometheus on a free loopback port. Meant as an xunit collection fixture so a test assembly
/// starts exactly one: each assembly declares
/// <c>[CollectionDefinition(DemoPrometheusFixture.Collection)] public sealed class DemoPrometheusCollection : ICollectionFixture&lt;DemoPrometheusFixture&gt;;</c>
/// (xunit 2 only sees collection definitions in the test assembly itself) and marks its classes
/// <c>[Collection(DemoPrometheusFixture.Collection)]</c>.
/// </summary>
public sealed class DemoPrometheusFixture : IAsyncLifetime
{
    /// <summary>Name of the xunit collection sharing the fixture.</summary>
    public const string Collection = "Demo Prometheus";

    /// <summary>The demo's scrape interval.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-demo-" + Guid.NewGuid().ToString("N")[..12]);
    private PrometheusServer? _server;
    private PrometheusTimeSeriesSource? _source;

    /// <summary>The running Prometheus.</summary>
    public PrometheusServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>Its base URL (http://127.0.0.1:port).</summary>
    public string BaseUrl => Server.BaseUrl;

    /// <summary>The truth: run ids, names, variants, start/end, pods.</summary>
    public DemoManifest Manifest { get; private set; } = null!;

    /// <summary>The Prometheus client of SparkTuner.Clients over <see cref="BaseUrl"/> (scrape interval 5 s).</summary>
    public ITimeSeriesSource Source => _source ?? throw new InvalidOperationException("not started");

    /// <summary>Options the <see cref="Source"/> was built with.</summary>
    public PrometheusOptions Options => new() { BaseUrl = BaseUrl, ScrapeIntervalSeconds = (int)ScrapeInterval.TotalSeconds, TimeoutSeconds = 10 };

    /// <summary>A search range holding every run with margin (10 minutes either side).</summary>
    public DateTimeOffset From => Manifest.Runs[0].Start - TimeSpan.FromMinutes(10);

    /// <summary>End of the search range (see <see cref="From"/>).</summary>
    public DateTimeOffset To => Manifest.End + TimeSpan.FromMinutes(10);

    /// <summary>Application ids of one variant ("noncached" or "cached"), in run order.</summary>
    public IReadOnlyList<string> Ids(string variant) => Manifest.Runs.Where(r => r.Variant == variant).Select(r => r.AppId).ToList();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        // Ends 30 minutes ago on a whole second: inside every default lookback, and past Prometheus' head block.
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
        var dataset = DemoGenerator.Generate(new DemoOptions { Seed = 42, End = end });
        var file = Path.Combine(_dir, "demo.om");
        await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            dataset.WriteOpenMetrics(writer);
        }
        Manifest = DemoManifest.From(dataset);
        _server = await PrometheusServer.StartAsync(file);
        _source = PrometheusTimeSeriesSource.Create(Options);
        // The blocks are written; the OpenMetrics text is no longer needed.
        File.Delete(file);
    }

    /// <summary>Unix seconds just after the last run (inside the 5-min lookback of every last sample).</summary>
    public double QueryTime => Manifest.End.ToUnixTimeMilliseconds() / 1000.0 + 1;

    /// <summary>Instant query over plain HTTP (no SparkTuner code in the way) at <paramref name="time"/>; returns data.result.</summary>
    public async Task<System.Text.Json.JsonElement> QueryAsync(string promQl, double? time = null)
    {
        var t = (time ?? QueryTime).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var body = await _http.GetStringAsync($"{BaseUrl}/api/v1/query?query={Uri.EscapeDataString(promQl)}&time={t}");
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        Xunit.Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>/api/v1/label/{label}/values over plain HTTP.</summary>
    public async Task<string[]> LabelValuesAsync(string label)
    {
        var body = await _http.GetStringAsync($"{BaseUrl}/api/v1/label/{label}/values");
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _source?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
