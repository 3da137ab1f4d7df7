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
/// context, measured inside the page: until the summary is painted, and until the first screen is complete. The live page is
/// measured with the run-data cache off (every open queries Prometheus and Spark) and with it on (a reopen).
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
            // The live page as it is when its runs are not cached (Prometheus:CacheMegabytes=0: every open queries
            // Prometheus and Spark's REST API), on a process warmed up by one open first.
            await using var uncached = await WebAppProcess.StartAsync(prometheus.BaseUrl, 5,
                new Dictionary<string, string>(settings) { ["Prometheus:CacheMegabytes"] = "0" });
            await OpenAsync(browser, uncached.BaseUrl + live);

            await using var app = await WebAppProcess.StartAsync(prometheus.BaseUrl, 5, settings);
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var query = live[(live.IndexOf('?', StringComparison.Ordinal) + 1)..];
            using var created = await http.PostAsync("/api/snapshots?" + query, null);
            created.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var id = body.RootElement.GetProperty("id").GetString()!;
            var stored = body.RootElement.GetProperty("sizeBytes").GetInt64();
            var export = (await http.GetByteArrayAsync($"/api/snapshots/{id}")).LongLength;
            await OpenAsync(browser, app.BaseUrl + "/s/" + id);

            var cold = new List<(double Summary, double Charts)>();
            var warm = new List<(double Summary, double Charts)>();
            var snap = new List<(double Summary, double Charts)>();
            for (var i = 0; i < runs; i++)
            {
                cold.Add(await OpenAsync(browser, uncached.BaseUrl + live));
                warm.Add(await OpenAsync(browser, app.BaseUrl + live));
                snap.Add(await OpenAsync(browser, app.BaseUrl + "/s/" + id));
            }

            // The server's share: the data behind each page, without the browser (reading the snapshot from the store
            // against comparing the runs with Prometheus and Spark's REST API queried, the cache off).
            using var uncachedHttp = new HttpClient { BaseAddress = new Uri(uncached.BaseUrl) };
            var readMs = new List<double>();
            var compareMs = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                await http.GetByteArrayAsync($"/api/snapshots/{id}");
                readMs.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                (await uncachedHttp.GetAsync("/api/compare?" + query[..query.IndexOf("&from", StringComparison.Ordinal)])).EnsureSuccessStatusCode();
                compareMs.Add(sw.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"snapshot of the demo (3 vs 3, all groups, 4 aggregations, Spark REST sections): stored {stored / 1024.0:0.0} KiB (Brotli), export JSON {export / 1024.0:0.0} KiB; budget 2048 KiB"));
            Console.WriteLine($"median of {runs} opens, fresh browser context each, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores:");
            foreach (var (name, list) in new[] { ("live page, not cached", cold), ("live page, cached (reopen)", warm), ("snapshot /s/{id}", snap) })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-28} summary painted {Median(list.Select(v => v.Summary)),6:0} ms   first screen complete {Median(list.Select(v => v.Charts)),6:0} ms"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server only, median: GET /api/snapshots/ID (read + decompress) {Median(readMs):0.0} ms, GET /api/compare not cached (queries + statistics, summary only) {Median(compareMs):0.0} ms, ratio {Median(readMs) / Median(compareMs):0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"snapshot / live not cached: summary {Median(snap.Select(v => v.Summary)) / Median(cold.Select(v => v.Summary)):0.00}, first screen {Median(snap.Select(v => v.Charts)) / Median(cold.Select(v => v.Charts)):0.00} (budget 0.20); floor (live cached, one ~5 ms answer) / live not cached: {Median(warm.Select(v => v.Summary)) / Median(cold.Select(v => v.Summary)):0.00}"));
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>
    /// Milliseconds from the navigation's start, measured in the page (<see cref="PageTimes"/>), in a fresh browser
    /// context: until the summary is painted, and until the first screen is complete (summary painted, no panel
    /// loading, every chart in the viewport drawn; charts below wait for the viewport).
    /// </summary>
    private static async Task<(double Summary, double Charts)> OpenAsync(IBrowser browser, string url)
    {
        await using var context = await PageTimes.NewContextAsync(browser);
        // On the site first (its renderer process started), as in the load benchmark.
        var times = await PageTimes.OpenAsync(context, url, "first-screen", TimeSpan.FromMinutes(3), () => Task.CompletedTask);
        return (times.Summary, times.FirstScreen);
    }
}
