using System.Globalization;
using System.Text;
using System.Text.Json;
using SparkTuner.Cli;
using SparkTuner.Cli.Commands;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Demo;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Doctor;

/// <summary><c>sparktuner doctor</c> in-process against the real demo Prometheus (healthy) and with bad input.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class DoctorCliTests(DemoPrometheusFixture fx)
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Doctor_HealthyDemo_TableEveryEnabledMetricFoundExitZero()
    {
        var (code, output, err) = Run("doctor", "--prometheus", fx.BaseUrl, "--scrape-interval", "5s");

        Assert.True(code == 0, output + err);
        Assert.Equal("", err);
        Assert.Contains($"{fx.BaseUrl}: reachable, version 2.", output, StringComparison.Ordinal);
        Assert.Contains(fx.Manifest.Runs[^1].AppId, output, StringComparison.Ordinal);
        Assert.Contains("Profile spark-native (enabled): 14 found, 0 missing", output, StringComparison.Ordinal);
        Assert.Contains("Profile kubernetes (enabled): 8 found, 0 missing", output, StringComparison.Ordinal);
        Assert.Contains("Profile jmx-exporter (disabled): 0 found, 9 missing", output, StringComparison.Ordinal);
        Assert.Contains("Scraped every 5 s", output, StringComparison.Ordinal);
        Assert.Contains("Duplicates: none found in the run's window.", output, StringComparison.Ordinal);
        Assert.Contains("Status: healthy (exit 0)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_HealthyDemoJson_StatusHealthyAndSameShapeAsDoctorJson()
    {
        var (code, output, _) = Run("doctor", "--json", "--prometheus", fx.BaseUrl, "--scrape-interval", "5s");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(5, root.GetProperty("scrapeInterval").GetProperty("detectedSeconds").GetDouble());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.All(root.GetProperty("profiles").EnumerateArray().Where(p => p.GetProperty("enabled").GetBoolean()).SelectMany(p => p.GetProperty("metrics").EnumerateArray()),
            m => Assert.Equal("found", m.GetProperty("status").GetString()));
    }

    [Fact]
    public void Doctor_RunOption_ChecksThatRun()
    {
        var first = fx.Manifest.Runs[0];
        var (code, output, _) = Run("doctor", "--json", "--run", first.AppId, "--prometheus", fx.BaseUrl, "--scrape-interval", "5s");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var run = doc.RootElement.GetProperty("run");
        Assert.Equal(first.AppId, run.GetProperty("requestedId").GetString());
        Assert.Equal(first.AppId, run.GetProperty("run").GetProperty("id").GetString());
    }

    [Fact]
    public void Doctor_UnknownRun_ExitOneSayingWhatWasLookedFor()
    {
        var (code, output, _) = Run("doctor", "--run", "spark-doesnotexist", "--prometheus", fx.BaseUrl, "--scrape-interval", "5s");

        Assert.Equal(1, code);
        Assert.Contains("Run spark-doesnotexist not found", output, StringComparison.Ordinal);
        Assert.Contains("application_id=\"spark-doesnotexist\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_WrongScrapeInterval_WarningWithTheSettingExitOne()
    {
        var (code, output, _) = Run("doctor", "--json", "--prometheus", fx.BaseUrl, "--scrape-interval", "15s");

        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var scrape = doc.RootElement.GetProperty("scrapeInterval");
        Assert.True(scrape.GetProperty("mismatch").GetBoolean());
        Assert.Contains("Prometheus:ScrapeIntervalSeconds=5", scrape.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--run")]
    public void Doctor_UsageError_ExitTwoOneLine(string arg)
    {
        var (code, output, err) = Run("doctor", arg);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Doctor_PrometheusDown_ExitTwoReportSaysNotReachable()
    {
        var url = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        var (code, output, err) = Run("doctor", "--prometheus", url);

        Assert.Equal(2, code);
        Assert.Contains("not reachable", output, StringComparison.Ordinal);
        Assert.Contains("Status: the check failed (exit 2)", output, StringComparison.Ordinal);
        Assert.StartsWith($"error: {url} not reachable", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_Help_ListsTheOptionsAndExitCodes()
    {
        var (code, output, _) = Run("doctor", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--run <ID>", output, StringComparison.Ordinal);
        Assert.Contains("exit codes: 0 healthy, 1 something is missing", output, StringComparison.Ordinal);
        Assert.Contains("doctor", Run("--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NarrowWidth_NoLineLongerThanTheWidth()
    {
        var doctor = new DataSourceDoctor(fx.Source, MetricCatalog.Default, new RunDiscovery(fx.Source),
            new DataSourceDoctorOptions { ScrapeInterval = TimeSpan.FromSeconds(5) });
        var report = await doctor.CheckAsync();
        var o = new StringWriter(CultureInfo.InvariantCulture);

        DoctorCommand.Write(report, o, 100);

        Assert.All(o.ToString().Split('\n'), line => Assert.True(line.Length <= 100, line));
    }
}

/// <summary>The doctor on a real VictoriaMetrics (Debian 1.79, whose buildinfo names no version) loaded with the demo.</summary>
public sealed class DoctorVictoriaMetricsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-doctor-vm-" + Guid.NewGuid().ToString("N")[..12]);
    private VictoriaMetricsServer? _vm;
    private DemoManifest _manifest = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
        var dataset = DemoGenerator.Generate(new DemoOptions { Seed = 42, End = end });
        var file = Path.Combine(_dir, "demo.om");
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            dataset.WriteOpenMetrics(writer);
        }
        _manifest = DemoManifest.From(dataset);
        _vm = await VictoriaMetricsServer.StartAsync(file);
    }

    public async Task DisposeAsync()
    {
        if (_vm is not null) await _vm.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Doctor_DemoOnVictoriaMetrics_HealthyVersionUnknown()
    {
        using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = _vm!.BaseUrl, ScrapeIntervalSeconds = 5 });
        var doctor = new DataSourceDoctor(source, MetricCatalog.Default, new RunDiscovery(source),
            new DataSourceDoctorOptions { ScrapeInterval = TimeSpan.FromSeconds(5) });

        var report = await doctor.CheckAsync();

        Assert.Equal("reachable, version unknown", report.Server.Summary);
        Assert.Empty(report.Errors);
        Assert.Equal(_manifest.Runs[^1].AppId, report.Run!.Run!.Id);
        Assert.All(report.Profiles.Where(p => p.Enabled).SelectMany(p => p.Metrics), m => Assert.Equal(CheckStatus.Found, m.Status));
        Assert.Empty(report.Duplicates);
        Assert.Equal(5, report.ScrapeInterval!.DetectedSeconds);
        Assert.Equal(DoctorStatus.Healthy, report.Status);
    }

    [Fact]
    public void Cli_DoctorOnVictoriaMetrics_ExitZeroAndVersionUnknown()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);

        var code = CommandDispatcher.Run(["doctor", "--prometheus", _vm!.BaseUrl, "--scrape-interval", "5s"], o, e);

        Assert.True(code == 0, o.ToString() + e);
        Assert.Contains("reachable, version unknown", o.ToString(), StringComparison.Ordinal);
    }
}
