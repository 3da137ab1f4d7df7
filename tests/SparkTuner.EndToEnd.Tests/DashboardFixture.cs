using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;
using SparkTuner.TestSupport;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>
/// The real thing, once per test run: the default demo (6 runs) backfilled into a real Prometheus, the dashboard on
/// a real loopback socket pointed at it, and headless Debian Chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-e2e-" + Guid.NewGuid().ToString("N")[..10]);
    private PrometheusServer? _prometheus;
    private WebApplicationFactory<Program>? _app;
    private IPlaywright? _playwright;
    private DemoRestServer? _rest;

    public DemoDataset Demo { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>The real Prometheus behind the dashboard (for a second app in front of a proxy).</summary>
    public string PrometheusUrl => _prometheus?.BaseUrl ?? throw new InvalidOperationException("not started");
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here (kept as CI artifacts).</summary>
    public static string Artifacts { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public IReadOnlyList<DemoRun> Variant(string variant) => Demo.Runs.Where(r => r.Variant == variant).ToList();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Directory.CreateDirectory(Artifacts);
        Demo = DemoGenerator.Generate(new DemoOptions { End = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800) });
        var file = Path.Combine(_dir, "demo.om");
        await using (var writer = new StreamWriter(file))
        {
            Demo.WriteOpenMetrics(writer);
        }
        _prometheus = await PrometheusServer.StartAsync(file);
        // The demo's Spark REST side, served on loopback by the same server the run command uses.
        _rest = DemoRestServer.Start(DemoRestApi.From(Demo), "127.0.0.1", PrometheusServer.FreePort());

        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Prometheus:BaseUrl", _prometheus.BaseUrl);
            b.UseSetting("Prometheus:ScrapeIntervalSeconds", "5");
            b.UseSetting("SparkRest:BaseUrl", _rest.BaseUrl);
            // Charts:DrawWhenVisibleAboveTraces keeps the product's default (0): every chart is drawn only near the
            // viewport, so the tests scroll as a reader would (CompareTests.WaitForChartsAsync).
        });
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1440, int height = 1000)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        page.SetDefaultTimeout(45_000);
        return page;
    }

    /// <summary>Opens <paramref name="pathAndQuery"/> and waits until the Blazor circuit is interactive (clicks before that do nothing).</summary>
    public async Task GotoInteractiveAsync(IPage page, string pathAndQuery)
    {
        await page.GotoAsync(BaseUrl + pathAndQuery);
        await page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        _rest?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
