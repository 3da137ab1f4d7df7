using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Opens a share link in headless Chromium and prints: time to the summary, time until every chart panel has drawn
/// its SVG traces, and the bytes that reached the browser (HTTP responses + WebSocket frames of the circuit).
/// Usage: page URL [--runs N]
/// </summary>
public static class PageBenchmark
{
    /// <summary>Debian's Chromium, headless and offline (no background networking, which this machine refuses).</summary>
    public static BrowserTypeLaunchOptions Chromium => new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: page URL [--runs N]");
            return 2;
        }
        var url = args[0];
        var runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(Chromium);
        for (var i = 0; i < runs; i++)
        {
            // A fresh context each time: a new browser's first visit, nothing cached.
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
            var page = await context.NewPageAsync();
            long httpBytes = 0, wsBytes = 0;
            var requests = 0;
            page.RequestFinished += async (_, r) =>
            {
                try
                {
                    var sizes = await r.SizesAsync();
                    Interlocked.Add(ref httpBytes, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
                    Interlocked.Increment(ref requests);
                }
                catch (PlaywrightException)
                {
                }
            };
            page.WebSocket += (_, ws) => ws.FrameReceived += (_, f) => Interlocked.Add(ref wsBytes, f.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(f.Text ?? ""));

            var sw = Stopwatch.StartNew();
            await page.GotoAsync(url);
            // Layout stability: where the first chart group starts while loading, and after everything arrived.
            await page.Locator("#group-memory").WaitForAsync(new() { Timeout = 120_000 });
            var groupTopLoading = await page.EvaluateAsync<double>("() => document.querySelector('#group-memory').getBoundingClientRect().top + scrollY");
            await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync(new() { Timeout = 120_000 });
            var summaryMs = sw.ElapsedMilliseconds;
            // Heavy charts (data-drawn="false") are drawn only near the viewport: first everything drawable without
            // scrolling, then scroll to each deferred one in turn and wait for it.
            await page.WaitForFunctionAsync(
                """
                () => document.querySelectorAll('[data-panel-status="loading"]').length === 0
                   && document.querySelectorAll('[data-panel-status="ready"]').length > 0
                   && [...document.querySelectorAll('[data-panel-status="ready"][data-drawn="true"]')]
                        .every(p => p.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 1)
                """,
                null, new() { Timeout = 180_000, PollingInterval = 50 });
            var firstScreenMs = sw.ElapsedMilliseconds;
            var deferred = await page.Locator("[data-panel-status='ready'][data-drawn='false']").CountAsync();
            if (deferred > 0 && Environment.GetEnvironmentVariable("SPARKTUNER_BENCH_SCREENSHOT_FIRST") is { Length: > 0 } firstShot)
            {
                // Where drawn charts meet the first deferred one, before any scrolling.
                var top = await page.EvaluateAsync<double>("() => document.querySelector('[data-drawn=\"false\"]').getBoundingClientRect().top + scrollY");
                await page.ScreenshotAsync(new() { Path = firstShot, FullPage = true, Clip = new() { X = 0, Y = (float)Math.Max(0, top - 900), Width = 1440, Height = 1400 } });
            }
            // Scrolled from the page's own script: the circuit may replace a panel between a locator's count and its scroll.
            while (await page.EvaluateAsync<int>(
                       """
                       () => {
                         const waiting = document.querySelectorAll('[data-panel-status="ready"][data-drawn="false"]');
                         if (waiting.length > 0) waiting[0].scrollIntoView({ block: 'center' });
                         return waiting.length;
                       }
                       """) > 0)
            {
                await page.WaitForFunctionAsync(
                    """
                    () => [...document.querySelectorAll('[data-panel-status="ready"][data-drawn="true"]')]
                            .every(p => p.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 1)
                    """,
                    null, new() { Timeout = 120_000, PollingInterval = 50 });
            }
            var chartsMs = sw.ElapsedMilliseconds;
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: loaded and every chart drawable without scrolling drawn {firstScreenMs} ms ({deferred} charts waiting for the viewport, drawn when scrolled to)"));
            var groupTopDone = await page.EvaluateAsync<double>("() => document.querySelector('#group-memory').getBoundingClientRect().top + scrollY");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: layout shift of the first chart group while loading: {groupTopDone - groupTopLoading:0} px"));
            var panels = await page.Locator("[data-panel-status='ready']").CountAsync();
            var traces = await page.Locator(".js-plotly-plot .scatterlayer .trace").CountAsync();
            var points = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.js-plotly-plot')].reduce((n, g) => n + (g.data || []).reduce((m, t) => m + ((t.x || []).length), 0), 0)");
            // Responsiveness: how long a click on the aggregation toggle takes to redraw every chart (no new queries).
            var toggle = Stopwatch.StartNew();
            await page.Locator("[data-aggregation='max']").ClickAsync();
            await page.WaitForFunctionAsync("() => location.href.includes('agg=max')", null, new() { Timeout = 120_000 });
            await page.Locator(".chart-panel-title", new() { HasText = "executors (max)" }).First.WaitForAsync();
            await page.WaitForFunctionAsync(
                """
                () => [...document.querySelectorAll('[data-panel-status="ready"] .chart-panel-title')]
                        .filter(t => t.textContent.includes('executors (')).every(t => t.textContent.includes('(max)'))
                """,
                null, new() { Timeout = 120_000, PollingInterval = 50 });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: aggregation toggle → all panels redrawn {toggle.ElapsedMilliseconds} ms"));
            await Task.Delay(500);
            if (Environment.GetEnvironmentVariable("SPARKTUNER_BENCH_SCREENSHOT") is { Length: > 0 } shot)
            {
                if (Environment.GetEnvironmentVariable("SPARKTUNER_BENCH_SCREENSHOT_SELECTOR") is { Length: > 0 } selector)
                {
                    var element = page.Locator(selector).First;
                    await element.ScrollIntoViewIfNeededAsync();
                    await Task.Delay(1000);
                    await page.ScreenshotAsync(new() { Path = shot });
                }
                else
                {
                    await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: summary {summaryMs} ms, all {panels} charts drawn {chartsMs} ms ({traces} traces, {points} points); bytes to browser: HTTP {httpBytes / 1024.0:0} KiB in {requests} responses + circuit {wsBytes / 1024.0:0} KiB"));
        }
        return 0;
    }
}
