using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Times of one page open, measured inside Chromium from the navigation's start (the Navigation Timing origin), in
/// milliseconds. Measuring in the page leaves out Playwright's own round trips and polling (50–100 ms on this machine,
/// more under load), which the earlier stopwatch around <c>GotoAsync</c> + locator waits counted as page time.
/// </summary>
/// <param name="HtmlLastByte">The page's HTML fully received.</param>
/// <param name="Summary">The summary's first row painted (Element Timing of <c>elementtiming="summary"</c>).</param>
/// <param name="Loaded">The first frame in which no chart panel is loading.</param>
/// <param name="FirstScreen">The first frame in which the summary is painted and every chart panel in the viewport has drawn its traces (or none is there).</param>
/// <param name="Marks">Every mark recorded, by name.</param>
public sealed record PageTimes(double HtmlLastByte, double Summary, double Loaded, double FirstScreen, IReadOnlyDictionary<string, double> Marks)
{
    /// <summary>Recorded in the page before any of its scripts: paints, the summary row's element timing, and first times of DOM conditions, polled once per frame.</summary>
    public const string Recorder =
        """
        (() => {
          const t = window.__sparkTiming = {};
          const mark = (k, v) => { if (t[k] === undefined) t[k] = v ?? performance.now(); };
          try {
            new PerformanceObserver(l => l.getEntries().forEach(e => mark(e.name, e.startTime))).observe({ type: 'paint', buffered: true });
            new PerformanceObserver(l => l.getEntries().forEach(e => mark('element:' + e.identifier, e.renderTime || e.loadTime))).observe({ type: 'element', buffered: true });
          } catch { }
          const inView = el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
          const poll = () => {
            if (document.querySelector("tr[data-metric='duration_seconds']")) mark('summary-in-dom');
            const panels = [...document.querySelectorAll('[data-panel-status]')];
            if (panels.length > 0 && !panels.some(p => p.dataset.panelStatus === 'loading')) mark('no-panel-loading');
            const drawn = p => p.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 1;
            if (t['element:summary'] !== undefined && t['no-panel-loading'] !== undefined
                && panels.filter(p => p.dataset.panelStatus === 'ready' && inView(p)).every(drawn)) mark('first-screen');
            const ready = panels.filter(p => p.dataset.panelStatus === 'ready' && p.dataset.drawn === 'true');
            if (ready.length > 0 && t['no-panel-loading'] !== undefined && ready.every(drawn)) mark('drawable-drawn');
            if (t['first-screen'] === undefined || t['drawable-drawn'] === undefined) requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
          document.addEventListener('DOMContentLoaded', () => mark('dom-content-loaded'));
          window.addEventListener('load', () => mark('load'));
        })();
        """;

    /// <summary>A browser context that records <see cref="Recorder"/> in each of its pages.</summary>
    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await context.AddInitScriptAsync(Recorder);
        return context;
    }

    /// <summary>Opens <paramref name="url"/> in a new page of <paramref name="context"/> and waits for <paramref name="until"/> (a mark name).</summary>
    /// <param name="ready">When given: the page first opens the site's <c>/healthz</c>, then awaits this (a barrier shared by pages opened together) before opening <paramref name="url"/>.</param>
    /// <exception cref="TimeoutException">The mark was not reached in <paramref name="timeout"/>.</exception>
    public static async Task<PageTimes> OpenAsync(IBrowserContext context, string url, string until = "first-screen", TimeSpan? timeout = null, Func<Task>? ready = null)
    {
        var page = await context.NewPageAsync();
        try
        {
            if (ready is not null)
            {
                // The browser is already on the site (its renderer process started, as a user's open browser would
                // be), nothing cached: then all pages are told to open the link at one moment.
                await page.GotoAsync(new Uri(new Uri(url), "/healthz").ToString());
                await ready();
            }
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds });
            await page.WaitForFunctionAsync($"() => window.__sparkTiming && window.__sparkTiming['{until}'] !== undefined", null,
                new() { Timeout = (float)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds, PollingInterval = 100 });
            var json = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const n = performance.getEntriesByType('navigation')[0];
                  return Object.assign({ 'html-first-byte': n.responseStart, 'html-last-byte': n.responseEnd }, window.__sparkTiming);
                }
                """);
            var marks = json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
            double Get(string name) => marks.TryGetValue(name, out var v) ? v : double.NaN;
            return new PageTimes(Get("html-last-byte"), Get("element:summary"), Get("no-panel-loading"), Get("first-screen"), marks);
        }
        catch (TimeoutException)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            throw new TimeoutException($"{url} did not reach '{until}'; the page shows: {text[..Math.Min(600, text.Length)]}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Every mark in time order, for a log line.</summary>
    public override string ToString() =>
        string.Join(", ", Marks.OrderBy(m => m.Value).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0}")));
}
