using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SparkTuner.Demo;
using SparkTuner.TestSupport;

namespace SparkTuner.Benchmarks;

/// <summary>One figure of the load benchmark: a value at one executor count (null: independent of the data), its goal and whether it met it.</summary>
public sealed record LoadMeasure(string Id, string Title, string Goal, int? Executors, double? Value, string Display, bool? Pass);

/// <summary>
/// Issue 11's goals, measured the way users meet them, at several cluster sizes: the demo is generated, backfilled
/// with promtool into a real Prometheus, a <see cref="CountingProxy"/> sits between it and the dashboard (the built
/// web app in its own process), and headless Chromium opens the share link. Every phase that needs a cold cache gets a
/// freshly started dashboard. Prints one table (value, goal, PASS/MISS per executor count) and writes
/// <c>artifacts/bench/load.json</c> and <c>load.md</c> (the README table).
/// Usage: load [--executors 4,50,200] [--quick] [--markdown] [--out DIR] | load --report FILE.json[,FILE.json] [--markdown]
/// </summary>
public static class LoadBenchmark
{
    private sealed record Options(
        IReadOnlyList<int> Executors, bool Quick, bool Markdown, string OutDir, int ApiCalls, int Browsers, int ConcurrentApi, TimeSpan HangCap, bool Hang);

    /// <summary>Demo of one size: ids of both sides, the search range, the scrape interval, and what was generated.</summary>
    private sealed record Dataset(int Executors, string Description, IReadOnlyList<string> Baseline, IReadOnlyList<string> Candidate,
        DateTimeOffset From, DateTimeOffset To, int ScrapeSeconds)
    {
        public string Query =>
            $"baseline={string.Join(',', Baseline.Select(Uri.EscapeDataString))}&candidate={string.Join(',', Candidate.Select(Uri.EscapeDataString))}" +
            $"&from={From.ToUnixTimeSeconds()}&to={To.ToUnixTimeSeconds()}";

        public string PageLink => "/compare?" + Query;
        public string ApiLink => "/api/compare?" + Query;
        public string RunsLink => $"/runs?from={From.ToUnixTimeSeconds()}&to={To.ToUnixTimeSeconds()}";
    }

    private sealed record PageOpen(double SummarySeconds, double LoadedSeconds);

    public static async Task<int> RunAsync(string[] args)
    {
        // Figures are printed and saved with '.' decimals whatever the machine's locale.
        CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        Options options;
        string? report = null;
        try
        {
            (options, report) = Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: load [--executors 4,50,200] [--quick] [--markdown] [--out DIR] [--api-calls 15] [--browsers 10] [--concurrent-api 20] [--hang-cap 150s] [--no-hang]");
            Console.Error.WriteLine("       load --report artifacts/bench/load.json[,other.json] [--markdown]   (prints the table of saved runs)");
            return 2;
        }
        if (report is not null)
        {
            // Several saved runs (e.g. 4,50 and 200 executors measured apart) make one table.
            var saved = new List<LoadMeasure>();
            foreach (var file in report.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                saved.AddRange(JsonSerializer.Deserialize<List<LoadMeasure>>(await File.ReadAllTextAsync(file), Json) ?? []);
            }
            Console.Write(Render(saved, options.Markdown));
            return 0;
        }

        var measures = new List<LoadMeasure>();
        Log($"load benchmark: executors {string.Join(", ", options.Executors)}{(options.Quick ? " (quick)" : "")}, {Environment.ProcessorCount} cores, app {WebAppProcess.DllPath}");
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(PageBenchmark.Chromium);
        foreach (var executors in options.Executors)
        {
            var dir = ServerProcess.NewRoot("load");
            try
            {
                var (data, file) = await GenerateAsync(executors, dir);
                Log($"[{executors}] backfilling {new FileInfo(file).Length / 1e6:0} MB with promtool");
                await using var prometheus = await PrometheusServer.StartAsync(file);
                File.Delete(file);
                await using var proxy = await CountingProxy.StartAsync(prometheus.BaseUrl);
                await MeasureSizeAsync(options, data, prometheus, proxy, browser, measures);
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        if (options.Hang) measures.Add(await HungPrometheusAsync(options));

        Directory.CreateDirectory(options.OutDir);
        var json = Path.Combine(options.OutDir, "load.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(measures, Json));
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "load.md"), Render(measures, markdown: true));
        Console.WriteLine();
        Console.Write(Render(measures, options.Markdown));
        Log($"written {json} and load.md (load --report {json} --markdown prints the README table again)");
        return 0;
    }

    /// <summary>
    /// Up to 50 executors: the default demo (3 non-cached vs 3 cached runs, 270 s nominal, 5 s scrape, every source).
    /// Above: 1 vs 1 × 2 h at 15 s with the executor endpoint and servlet only — the e2e benchmark's size (1.8 GB of
    /// OpenMetrics text, 44 s of promtool; at 5 s or with cAdvisor it is several times that, see the README).
    /// </summary>
    private static async Task<(Dataset Data, string File)> GenerateAsync(int executors, string dir)
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
        var big = executors > 50;
        var options = big
            ? new DemoOptions { Seed = 42, RunsPerVariant = 1, Executors = executors, BaseDuration = TimeSpan.FromHours(2), ScrapeInterval = TimeSpan.FromSeconds(15), End = end, Families = DemoFamilies.ExecutorEndpoint | DemoFamilies.Servlet }
            : new DemoOptions { Seed = 42, Executors = executors, End = end };
        var sw = Stopwatch.StartNew();
        var dataset = DemoGenerator.Generate(options);
        var file = Path.Combine(dir, "demo.om");
        await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            dataset.WriteOpenMetrics(writer);
        }
        var runs = DemoManifest.From(dataset).Runs;
        var description = big
            ? $"{executors} executors, 1 vs 1 × 2 h, 15 s scrape, executors+servlet"
            : $"{executors} executors, 3 vs 3 × {options.EffectiveBaseDuration.TotalSeconds:0} s nominal, 5 s scrape, all sources";
        Log($"[{executors}] generated {description} in {sw.Elapsed.TotalSeconds:0.0} s");
        var data = new Dataset(executors, description,
            runs.Where(r => r.Variant == DemoRun.NonCached).Select(r => r.AppId).ToList(),
            runs.Where(r => r.Variant == DemoRun.Cached).Select(r => r.AppId).ToList(),
            runs.Min(r => r.Start).AddMinutes(-5), runs.Max(r => r.End).AddMinutes(5),
            (int)options.ScrapeInterval.TotalSeconds);
        return (data, file);
    }

    private static async Task MeasureSizeAsync(Options o, Dataset data, PrometheusServer prometheus, CountingProxy proxy, IBrowser browser, List<LoadMeasure> measures)
    {
        var n = data.Executors;
        void Add(string id, string title, string goal, double? value, string display, bool? pass)
        {
            measures.Add(new LoadMeasure(id, title, goal, n, value, display, pass));
            Log($"[{n}] {title}: {display}{(pass is { } p ? p ? "  PASS" : "  MISS" : "")}   (goal: {goal})");
        }
        measures.Add(new LoadMeasure("data", "Data", "—", n, null, data.Description, null));

        // 1. Page: first open on a cold cache (the process warmed on the Runs page, which queries other things),
        //    then the same link in a new browser context.
        PageOpen first, again, other;
        int firstQueries, againQueries;
        long rssBefore, rssOpen, peakOpen;
        double floor;
        await using (var app = await WebAppProcess.StartAsync(proxy.BaseUrl, data.ScrapeSeconds))
        {
            await WarmUpAsync(app, data, browser);
            await proxy.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));
            proxy.Reset();
            rssBefore = app.Rss;
            // One user's browser: a first visit (nothing cached in it), then the same link reopened in it (its HTTP
            // cache holds the fingerprinted, immutable static files, as a browser's does in production).
            await using var user = await PageTimes.NewContextAsync(browser);
            first = await OpenInAsync(user, app, data);
            await proxy.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            firstQueries = proxy.DataQueries;
            // What one open comparison holds (its circuit, its panels, the cached data) and what opening it took at most.
            (rssOpen, peakOpen) = (app.Rss, app.PeakRss);
            proxy.Reset();
            var reopens = new List<PageOpen>();
            for (var i = 0; i < 5; i++) reopens.Add(await OpenInAsync(user, app, data));
            again = reopens.OrderBy(r => r.LoadedSeconds).ElementAt(2);
            // The link reopened by other people: a new browser each (nothing cached in it).
            var others = new List<PageOpen>();
            for (var i = 0; i < 5; i++) others.Add(await OpenAsync(browser, app, data));
            other = others.OrderBy(r => r.LoadedSeconds).ElementAt(2);
            await proxy.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            againQueries = proxy.DataQueries;
            // What no server can go under: the first paint of a one-line text page in a fresh browser context.
            floor = await FloorAsync(browser, app.BaseUrl + "/healthz");
        }
        Add("page.first", "Page first open (cold cache): queries, summary, loaded", "—", firstQueries,
            $"{firstQueries} queries, summary {first.SummarySeconds:0.00} s, loaded {first.LoadedSeconds:0.00} s", null);
        var held = (rssOpen - rssBefore) / 1048576.0;
        var peakGrowth = Math.Max(0, peakOpen - rssBefore) / 1048576.0;
        // The first comparison a process opens also compiles its code paths (JIT) and leaves uncollected garbage: see
        // "browsers.memory" for the memory each further open comparison costs.
        Add("page.memory", "Page first open: server RSS growth after it / peak growth while opening", "—", held,
            $"{held:0} MB after / {peakGrowth:0} MB peak", null);
        Add("page.reopen.queries", "Page reopened (5 times in the same browser, 5 times in new ones): upstream queries", "0", againQueries, $"{againQueries}", againQueries == 0);
        var reopenRatio = again.LoadedSeconds / first.LoadedSeconds;
        Add("page.reopen.ratio", "Page reopened in the same browser (median of 5): loaded time / first open's", "≤ 0.1×", reopenRatio,
            $"{again.LoadedSeconds * 1000:0} ms / {first.LoadedSeconds * 1000:0} ms = {reopenRatio:0.00}×", reopenRatio <= 0.1);
        Add("page.reopen.other", "Page reopened in a new browser (median of 5, static files downloaded again): loaded time / first open's", "—", other.LoadedSeconds / first.LoadedSeconds,
            $"{other.LoadedSeconds * 1000:0} ms / {first.LoadedSeconds * 1000:0} ms = {other.LoadedSeconds / first.LoadedSeconds:0.00}×", null);
        Add("page.floor", "Browser floor: first paint of a one-line text page in a fresh context (median of 5) / first open's loaded time", "—", floor / first.LoadedSeconds,
            $"{floor * 1000:0} ms = {floor / first.LoadedSeconds:0.00}× of {first.LoadedSeconds:0.00} s", null);

        // 2. Compare API: one cold call records its own upstream queries, then warm calls; each recorded query is
        //    replayed alone, straight to Prometheus (median of 3), and the slowest is the yardstick.
        await using (var app = await WebAppProcess.StartAsync(proxy.BaseUrl, data.ScrapeSeconds))
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
            proxy.Reset();
            var cold = await TimeGetAsync(http, data.ApiLink);
            await proxy.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));
            var own = proxy.Requests.Where(r => r.IsDataQuery).ToList();
            var warm = new List<double>();
            for (var i = 0; i < o.ApiCalls; i++) warm.Add(await TimeGetAsync(http, data.ApiLink));
            var p50 = Percentile(warm, 0.5);
            var slowest = await SlowestReplayAsync(prometheus.BaseUrl, own);
            var goal = 1.5 * slowest + 0.05;
            Add("api.queries", "Compare API: upstream queries of one cold call", "—", own.Count,
                $"{own.Count} ({own.Count(r => r.Path.EndsWith("query_range", StringComparison.Ordinal))} range), cold call {cold:0.00} s", null);
            Add("api.ratio", $"Compare API warm p50 ({o.ApiCalls} calls) / slowest own query alone", "p50 ≤ 1.5 × slowest + 50 ms", p50 / Math.Max(slowest, 1e-6),
                $"{Ms(p50)} / {Ms(slowest)} = {p50 / Math.Max(slowest, 1e-6):0.0}× (limit {Ms(goal)})", p50 <= goal);
        }

        // 3. Concurrent API calls on a cold cache: latency, and the process' peak RSS against its idle RSS.
        await using (var app = await WebAppProcess.StartAsync(proxy.BaseUrl, data.ScrapeSeconds))
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
            await Task.Delay(2000);
            var idle = app.Rss;
            proxy.Reset();
            var times = await Task.WhenAll(Enumerable.Range(0, o.ConcurrentApi).Select(_ => TimeGetAsync(http, data.ApiLink)));
            var peak = app.PeakRss;
            var ratio = (double)peak / idle;
            Add("api.concurrent.p95", $"{o.ConcurrentApi} concurrent API calls (cold cache): p50 / p95", "—", Percentile(times, 0.95),
                $"{Percentile(times, 0.5):0.00} s / {Percentile(times, 0.95):0.00} s, {proxy.DataQueries} queries, max {proxy.MaxInFlight} in flight", null);
            Add("api.concurrent.rss", $"{o.ConcurrentApi} concurrent API calls: peak RSS / idle RSS", "≤ 2×", ratio,
                $"{peak / 1048576.0:0} MB / {idle / 1048576.0:0} MB = {ratio:0.00}×", ratio <= 2);
        }

        // 4. Concurrent browsers on the same link, on a freshly started (cold) app warmed on the Runs page as in 1.
        await using (var app = await WebAppProcess.StartAsync(proxy.BaseUrl, data.ScrapeSeconds))
        {
            await WarmUpAsync(app, data, browser);
            await proxy.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));
            proxy.Reset();
            var rssBefore10 = app.Rss;
            var opens = await OpenTogetherAsync(browser, app, data, o.Browsers);
            await proxy.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            // Every page's circuit is still held (disconnected circuits are kept for minutes): the server memory per open
            // comparison, with the data they share counted once.
            var perOpen = (app.Rss - rssBefore10) / 1048576.0 / o.Browsers;
            Add("browsers.memory", $"{o.Browsers} browsers at once: server RSS growth per open comparison", "≤ 50 MB", perOpen,
                $"{perOpen:0.0} MB ({(app.Rss - rssBefore10) / 1048576.0:0} MB for {o.Browsers})", perOpen <= 50);
            var summaries = opens.Select(p => p.SummarySeconds).ToList();
            var p95 = Percentile(summaries, 0.95);
            var ratio = p95 / first.SummarySeconds;
            var queries = proxy.DataQueries;
            var qRatio = (double)queries / Math.Max(1, firstQueries);
            Add("browsers.summary", $"{o.Browsers} browsers at once (cold app): summary p95 / one browser's", "≤ 2×", ratio,
                $"p50 {Percentile(summaries, 0.5):0.00} s, p95 {p95:0.00} s / {first.SummarySeconds:0.00} s = {ratio:0.00}×", ratio <= 2);
            // The same 10 browsers again, now that the link is cached (each page is one ~5 ms answer): what remains is
            // the browsers' own contention on this machine, against one browser's reopen.
            var floors = await OpenTogetherAsync(browser, app, data, o.Browsers);
            var floorP95 = Percentile(floors.Select(p => p.SummarySeconds).ToList(), 0.95);
            Add("browsers.floor", $"{o.Browsers} new browsers at once on the cached link (server ~5 ms a page): summary p95 / one new browser's", "—", floorP95 / other.SummarySeconds,
                $"p95 {floorP95:0.00} s / {other.SummarySeconds:0.00} s = {floorP95 / other.SummarySeconds:0.00}×", null);
            Add("browsers.queries", $"{o.Browsers} browsers at once: upstream queries / one page's", "≤ 1.2×", qRatio,
                $"{queries} / {firstQueries} = {qRatio:0.00}× (max {proxy.MaxInFlight} in flight)", qRatio <= 1.2);
        }
    }

    /// <summary>Loads the Runs page (JIT, Blazor and discovery warm) without opening the comparison.</summary>
    private static async Task WarmUpAsync(WebAppProcess app, Dataset data, IBrowser browser)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + data.RunsLink);
        await page.GetByText(data.Baseline[0]).First.WaitForAsync(new() { Timeout = 300_000 });
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        await http.GetStringAsync(app.BaseUrl + "/api/runs?" + data.RunsLink.Split('?')[1]);
    }

    /// <summary>
    /// The share link in a new browser context (nothing cached in the browser), timed inside the page from the
    /// navigation's start (<see cref="PageTimes"/>): the summary row painted, and the first frame with no panel loading.
    /// The page is on the site first (<c>/healthz</c>), as a user's running browser is: starting a renderer process
    /// costs this machine's 2 cores about 100 ms a browser, and ten at once competed with the server for the cores
    /// (the server's answer took 3.3 s instead of 0.6 s).
    /// </summary>
    private static async Task<PageOpen> OpenAsync(IBrowser browser, WebAppProcess app, Dataset data, Func<Task>? ready = null)
    {
        await using var context = await PageTimes.NewContextAsync(browser);
        return await OpenInAsync(context, app, data, ready);
    }

    /// <summary>As <see cref="OpenAsync"/>, in a new page of an existing browser context (its HTTP cache as it is).</summary>
    private static async Task<PageOpen> OpenInAsync(IBrowserContext context, WebAppProcess app, Dataset data, Func<Task>? ready = null)
    {
        try
        {
            var times = await PageTimes.OpenAsync(context, app.BaseUrl + data.PageLink, "first-screen", TimeSpan.FromMinutes(10), ready ?? (() => Task.CompletedTask));
            return new PageOpen(times.Summary / 1000, Math.Max(times.Summary, times.Loaded) / 1000);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\napp log: {app.Tail}", ex);
        }
    }

    /// <summary><paramref name="n"/> browsers on the site open the share link at one moment (<see cref="OpenAsync"/>).</summary>
    private static async Task<IReadOnlyList<PageOpen>> OpenTogetherAsync(IBrowser browser, WebAppProcess app, Dataset data, int n)
    {
        using var barrier = new Barrier(n);
        return await Task.WhenAll(Enumerable.Range(0, n).Select(_ => OpenAsync(browser, app, data, () => Task.Run(() => barrier.SignalAndWait()))));
    }

    /// <summary>Median first paint (seconds) of the dashboard's one-line <c>/healthz</c> text in a fresh browser context, 5 opens.</summary>
    private static async Task<double> FloorAsync(IBrowser browser, string url)
    {
        var paints = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await using var context = await PageTimes.NewContextAsync(browser);
            var times = await PageTimes.OpenAsync(context, url, "first-contentful-paint", TimeSpan.FromMinutes(1));
            paints.Add(times.Marks["first-contentful-paint"] / 1000);
        }
        return Percentile(paints, 0.5);
    }

    private static async Task<double> TimeGetAsync(HttpClient http, string path)
    {
        var sw = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Each recorded request sent alone, straight to Prometheus, 3 times; the largest of the per-query medians, in seconds.</summary>
    private static async Task<double> SlowestReplayAsync(string prometheus, IReadOnlyList<ProxiedRequest> requests)
    {
        using var http = new HttpClient { BaseAddress = new Uri(prometheus), Timeout = TimeSpan.FromMinutes(5) };
        var slowest = 0.0;
        foreach (var r in requests)
        {
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path + r.QueryString);
                if (r.Body.Length > 0) request.Content = new StringContent(r.Body, Encoding.UTF8, "application/x-www-form-urlencoded");
                var sw = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(sw.Elapsed.TotalSeconds);
            }
            slowest = Math.Max(slowest, Percentile(times, 0.5));
        }
        return slowest;
    }

    /// <summary>
    /// The dashboard pointed at a Prometheus that accepts and never answers: how long <c>/api/runs</c> takes to answer
    /// with an error. The goal is Prometheus:RequestDeadlineSeconds (appsettings.json) + 1 s, or the issue's default 30 s
    /// + 1 s while the setting does not exist.
    /// </summary>
    private static async Task<LoadMeasure> HungPrometheusAsync(Options o)
    {
        var deadline = ReadDeadlineSeconds();
        var limit = (deadline ?? 30) + 1;
        using var stub = new StubPrometheus(_ => new StubAnswer(200, "{}", HangFor: TimeSpan.FromHours(1)));
        await using var app = await WebAppProcess.StartAsync(stub.BaseUrl, 15);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = o.HangCap };
        var sw = Stopwatch.StartNew();
        string display;
        double? seconds;
        bool pass;
        try
        {
            using var response = await http.GetAsync("/api/runs");
            seconds = sw.Elapsed.TotalSeconds;
            pass = !response.IsSuccessStatusCode && seconds <= limit;
            display = $"{seconds:0.0} s ({(int)response.StatusCode})";
        }
        catch (TaskCanceledException)
        {
            seconds = null;
            pass = false;
            display = $"no answer in {o.HangCap.TotalSeconds:0} s";
        }
        var goal = deadline is { } d ? $"≤ {d:0} s deadline + 1 s" : "≤ 30 s + 1 s (issue default; Prometheus:RequestDeadlineSeconds not set)";
        var m = new LoadMeasure("hang", "Hung Prometheus: /api/runs until its error answer", goal, null, seconds, display, pass);
        Log($"{m.Title}: {display}  {(pass ? "PASS" : "MISS")}   (goal: {goal})");
        return m;
    }

    private static double? ReadDeadlineSeconds()
    {
        var path = Path.Combine(RepoPaths.Root, "appsettings.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.TryGetProperty("Prometheus", out var p) && p.TryGetProperty("RequestDeadlineSeconds", out var d) && d.ValueKind == JsonValueKind.Number
            ? d.GetDouble()
            : null;
    }

    /// <summary>One aligned table (it is also valid Markdown): a row per figure, a column per executor count.</summary>
    private static string Render(IReadOnlyList<LoadMeasure> measures, bool markdown)
    {
        var sizes = measures.Where(m => m.Executors is not null).Select(m => m.Executors!.Value).Distinct().ToList();
        var header = new List<string> { "Figure", "Goal" };
        header.AddRange(sizes.Select(s => $"{s} executors"));
        if (sizes.Count == 0) header.Add("Value");
        var rows = new List<List<string>> { header };
        foreach (var id in measures.Select(m => m.Id).Distinct())
        {
            var of = measures.Where(m => m.Id == id).ToList();
            var row = new List<string> { of[0].Title, of[0].Goal };
            if (of[0].Executors is null)
            {
                row.Add(Cell(of[0]));
                row.AddRange(Enumerable.Repeat("(same, independent of the data)", Math.Max(0, sizes.Count - 1)));
            }
            else
            {
                row.AddRange(sizes.Select(s => of.FirstOrDefault(m => m.Executors == s) is { } m ? Cell(m) : "—"));
            }
            rows.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        var sb = new StringBuilder();
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            sb.Append("| ").AppendJoin(" | ", row.Select((cell, c) => markdown ? cell : cell.PadRight(widths[c]))).AppendLine(" |");
            if (i == 0) sb.Append('|').AppendJoin('|', widths.Select((w, c) => new string('-', markdown ? 3 : w + 2))).AppendLine("|");
        }
        return sb.ToString();
    }

    private static string Cell(LoadMeasure m) => m.Pass switch { true => m.Display + " PASS", false => m.Display + " MISS", null => m.Display };

    private static (Options, string?) Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var executors = quick ? new List<int> { 4 } : [4, 50, 200];
        var markdown = false;
        string? report = null;
        var outDir = Path.Combine(RepoPaths.Root, "artifacts", "bench");
        int apiCalls = quick ? 5 : 15, browsers = quick ? 3 : 10, concurrentApi = quick ? 5 : 20;
        var hangCap = TimeSpan.FromSeconds(quick ? 40 : 150);
        var hang = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Positive(string name)
            {
                var text = Next();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v : throw new ArgumentException($"{name} must be a positive whole number (got '{text}')");
            }
            switch (args[i])
            {
                case "--quick": break;
                case "--markdown": markdown = true; break;
                case "--no-hang": hang = false; break;
                case "--report": report = Next(); break;
                case "--out": outDir = Path.GetFullPath(Next()); break;
                case "--api-calls": apiCalls = Positive("--api-calls"); break;
                case "--browsers": browsers = Positive("--browsers"); break;
                case "--concurrent-api": concurrentApi = Positive("--concurrent-api"); break;
                case "--hang-cap": hangCap = TimeSpan.FromSeconds(Positive("--hang-cap")); break;
                case "--executors":
                    var text = Next();
                    executors = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is > 0 and <= 10_000
                            ? v : throw new ArgumentException($"--executors takes counts from 1 to 10000 separated by commas (got '{text}')"))
                        .ToList();
                    if (executors.Count == 0) throw new ArgumentException("--executors names no count");
                    break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        return (new Options(executors, quick, markdown, outDir, apiCalls, browsers, concurrentApi, hangCap, hang), report);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0} ms");

    private static void Log(string line) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} {line}"));
}
