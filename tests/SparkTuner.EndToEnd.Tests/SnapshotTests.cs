using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo.Rest;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>
/// A snapshot outlives its sources: saved from the demo comparison on the Compare page, opened at /s/{id} after its own
/// Prometheus and Spark REST API were stopped, with the same summary and drawn charts, its aggregation toggled, then
/// deleted from the Snapshots page. Its own stack (the shared one must keep its Prometheus); the shared browser.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SnapshotTests(DashboardFixture fx, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = ServerProcess.NewRoot("e2e-snap");
    private PrometheusServer? _prometheus;
    private DemoRestServer? _rest;
    private WebApplicationFactory<Program>? _app;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var file = Path.Combine(_dir, "demo.om");
        await using (var writer = new StreamWriter(file))
        {
            fx.Demo.WriteOpenMetrics(writer);
        }
        _prometheus = await PrometheusServer.StartAsync(file);
        _rest = DemoRestServer.Start(DemoRestApi.From(fx.Demo), "127.0.0.1", PrometheusServer.FreePort());
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Prometheus:BaseUrl", _prometheus.BaseUrl);
            b.UseSetting("Prometheus:ScrapeIntervalSeconds", "5");
            b.UseSetting("SparkRest:BaseUrl", _rest.BaseUrl);
            b.UseSetting("Snapshots:Path", Path.Combine(_dir, "data", "snapshots.db"));
        });
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        _baseUrl = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        _rest?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static Task<IReadOnlyList<string>> SummaryAsync(IPage page) =>
        page.Locator("tr[data-metric]").AllInnerTextsAsync();

    [Fact]
    public async Task Saved_demo_comparison_opens_with_Prometheus_and_Spark_stopped_toggles_and_deletes()
    {
        var page = await fx.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        var link = CompareTests.ShareLink(fx)[fx.BaseUrl.Length..];
        await page.GotoAsync(_baseUrl + link);
        await page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync(new() { Timeout = 60_000 });
        await CompareTests.WaitForChartsAsync(page);
        var live = await SummaryAsync(page);
        var livePanels = await page.Locator("[data-panel-status='ready']").CountAsync();
        await page.Locator("[data-testid='plan-diff']").First.WaitForAsync(new() { Timeout = 60_000 });

        await page.Locator("#save-snapshot").ClickAsync();
        var saved = page.Locator("#snapshot-saved-link");
        await saved.WaitForAsync(new() { Timeout = 60_000 });
        var href = (await saved.GetAttributeAsync("href"))!;
        Assert.Matches("^/s/[A-Za-z0-9_-]{22}$", href);

        // Nothing to read from any more: the snapshot page must not need it.
        var prometheusUrl = _prometheus!.BaseUrl;
        await _prometheus.DisposeAsync();
        _prometheus = null;
        _rest!.Dispose();
        _rest = null;

        var snap = await fx.NewPageAsync();
        snap.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await snap.GotoAsync(_baseUrl + href);
        await snap.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var banner = await snap.Locator("#snapshot-banner").InnerTextAsync();
        Assert.Contains("Snapshot of ", banner, StringComparison.Ordinal);
        Assert.Contains("from " + prometheusUrl, banner, StringComparison.Ordinal);
        Assert.Equal(live, await SummaryAsync(snap));
        await CompareTests.WaitForChartsAsync(snap);
        Assert.Equal(livePanels, await snap.Locator("[data-panel-status='ready']").CountAsync());
        // The Spark REST sections as they were: the cached run's InMemoryTableScan.
        await snap.Locator("[data-testid='plan-diff'] [data-plan-only='candidate']", new() { HasText = "InMemoryTableScan" }).First.WaitForAsync();
        await snap.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "snapshot-top.png") });

        await snap.Locator("[data-aggregation='max']").ClickAsync();
        await snap.WaitForFunctionAsync("() => location.href.includes('agg=max')", null, new() { Timeout = 30_000 });
        await snap.Locator("[data-metric='jvm_heap']", new() { HasText = "executors (max)" }).First.WaitForAsync();
        await CompareTests.WaitForChartsAsync(snap);
        Assert.Equal(live, await SummaryAsync(snap));

        await snap.GotoAsync(_baseUrl + "/snapshots");
        await snap.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var id = href["/s/".Length..];
        var row = snap.Locator($"tr[data-snapshot-id='{id}']");
        await row.WaitForAsync();
        await snap.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "snapshots-page.png") });
        await row.Locator(".snapshot-delete").ClickAsync();
        await snap.Locator(".mud-dialog button", new() { HasText = "Delete" }).ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Contains("0 snapshots", await snap.Locator("#snapshots-total").InnerTextAsync(), StringComparison.Ordinal);

        await snap.GotoAsync(_baseUrl + href);
        Assert.Contains("There is no snapshot", await snap.Locator("#snapshot-error").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine($"snapshot {id}: {live.Count} summary rows, {livePanels} charts");
        Assert.Empty(errors);
    }
}
