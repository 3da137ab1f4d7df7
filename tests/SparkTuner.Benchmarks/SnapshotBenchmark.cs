using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;
using SparkTuner.TestSupport;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Issue 12's budget: the demo's 3 vs 3 snapshot with all groups (stored bytes, export JSON bytes; budget 2 MB), and
/// the time to open it against the live Compare page (budget 0.2 ×), both in headless Chromium from a fresh browser
/// context until the summary is shown and every chart drawable without scrolling has drawn. The live page is measured
/// on a freshly started app (its first open queries Prometheus) and again once its data is cached (a reopen).
/// Usage: snapshot [--runs N]
/// </summary>
public static class SnapshotBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var dir = ServerProcess.NewRoot("snapbench");
        try
        {
            var dataset = DemoGenerator.Generate(new DemoOptions { Seed = 42, End = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800) });
            var file = Path.Combine(dir, "demo.om");
            await using (var writer = new StreamWriter(file))
            {
                dataset.WriteOpenMetrics(writer);
            }
            await using var prometheus = await PrometheusServer.StartAsync(file);
            using var rest = DemoRestServer.Start(DemoRestApi.From(dataset), "127.0.0.1", PrometheusServer.FreePort());
            // The share link of "all non-cached vs all cached" (the Runs page's one-click comparison).
            var live = string.Create(CultureInfo.InvariantCulture,
                $"/compare?baseline={string.Join(',', dataset.Runs.Where(r => r.Variant == DemoRun.NonCached).Select(r => r.AppId))}"
                + $"&candidate={string.Join(',', dataset.Runs.Where(r => r.Variant == DemoRun.Cached).Select(r => r.AppId))}"
                + $"&from={dataset.Runs.Min(r => r.Start).AddMinutes(-5).ToUnixTimeSeconds()}&to={dataset.Runs.Max(r => r.End).AddMinutes(5).ToUnixTimeSeconds()}");
            var settings = new Dictionary<string, string> { ["SparkRest:BaseUrl"] = rest.BaseUrl, ["Snapshots:Path"] = Path.Combine(dir, "snapshots.db") };

            using var pw = await Playwright.CreateAsync();
            await using var browser = await pw.Chromium.LaunchAsync(PageBenchmark.Chromium);
            var cold = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                // A new app each time: nothing cached, the page queries Prometheus and Spark's REST API.
                await using var fresh = await WebAppProcess.StartAsync(prometheus.BaseUrl, 5, settings);
                cold.Add(await OpenAsync(browser, fresh.BaseUrl + live));
            }

            await using var app = await WebAppProcess.StartAsync(prometheus.BaseUrl, 5, settings);
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var query = live[(live.IndexOf('?', StringComparison.Ordinal) + 1)..];
            using var created = await http.PostAsync("/api/snapshots?" + query, null);
            created.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var id = body.RootElement.GetProperty("id").GetString()!;
            var stored = body.RootElement.GetProperty("sizeBytes").GetInt64();
            var export = (await http.GetByteArrayAsync($"/api/snapshots/{id}")).LongLength;

            var warm = new List<double>();
            var snap = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                warm.Add(await OpenAsync(browser, app.BaseUrl + live));
                snap.Add(await OpenAsync(browser, app.BaseUrl + "/s/" + id));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"snapshot of the demo (3 vs 3, all groups, 4 aggregations, Spark REST sections): stored {stored / 1024.0:0.0} KiB (Brotli), export JSON {export / 1024.0:0.0} KiB; budget 2048 KiB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open to summary + charts drawn, median of {runs}: live page first open {Median(cold):0} ms, live page reopen (cached) {Median(warm):0} ms, snapshot {Median(snap):0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"snapshot / live first open = {Median(snap) / Median(cold):0.00} (budget 0.20); snapshot / live reopen = {Median(snap) / Median(warm):0.00}"));
            Console.WriteLine("all: live first open " + string.Join(", ", cold.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))
                + "; reopen " + string.Join(", ", warm.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))
                + "; snapshot " + string.Join(", ", snap.Select(v => v.ToString("0", CultureInfo.InvariantCulture))));
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>Milliseconds from navigation until the summary is shown and every chart drawable without scrolling has drawn.</summary>
    private static async Task<double> OpenAsync(IBrowser browser, string url)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        var sw = Stopwatch.StartNew();
        await page.GotoAsync(url);
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync(new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync(
            """
            () => document.querySelectorAll('[data-panel-status="loading"]').length === 0
               && document.querySelectorAll('[data-panel-status="ready"]').length > 0
               && [...document.querySelectorAll('[data-panel-status="ready"][data-drawn="true"]')]
                    .every(p => p.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 1)
            """,
            null, new() { Timeout = 180_000, PollingInterval = 20 });
        return sw.Elapsed.TotalMilliseconds;
    }
}
