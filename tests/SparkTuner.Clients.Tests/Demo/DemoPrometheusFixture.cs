using System.Globalization;
using System.Text.Json;
using SparkTuner.Cli.Commands;
using SparkTuner.Core.Demo;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Demo;

/// <summary>Generates the default demo with the real CLI command, backfills it with promtool and starts Prometheus once.</summary>
public sealed class DemoPrometheusFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-demo-" + Guid.NewGuid().ToString("N")[..12]);
    private PrometheusServer? _server;

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("not started");
    public DemoManifest Manifest { get; private set; } = null!;
    public string OpenMetricsFile => Path.Combine(_dir, "demo.om");
    public string Summary { get; private set; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Unix seconds just after the last run (inside the 5-min lookback of every last sample).</summary>
    public double QueryTime => Manifest.End.ToUnixTimeMilliseconds() / 1000.0 + 1;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = DemoCommand.Run(
            ["--out", OpenMetricsFile, "--manifest", Path.Combine(_dir, "demo.json"), "--end", end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
            TextWriter.Null, stderr);
        if (code != 0) throw new InvalidOperationException("demo failed: " + stderr);
        Summary = stderr.ToString();
        Manifest = DemoManifest.FromJson(await File.ReadAllTextAsync(Path.Combine(_dir, "demo.json")));
        _server = await PrometheusServer.StartAsync(OpenMetricsFile);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Instant query at <paramref name="time"/>; returns data.result.</summary>
    public async Task<JsonElement> QueryAsync(string promQl, double? time = null)
    {
        var t = (time ?? QueryTime).ToString("0.###", CultureInfo.InvariantCulture);
        var url = $"{Server.BaseUrl}/api/v1/query?query={Uri.EscapeDataString(promQl)}&time={t}";
        var body = await Http.GetStringAsync(url);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    public async Task<string[]> LabelValuesAsync(string label)
    {
        var body = await Http.GetStringAsync($"{Server.BaseUrl}/api/v1/label/{label}/values");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
