using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using SparkTuner.Web.Model;
using Xunit.Abstractions;

namespace SparkTuner.EndToEnd.Tests;

[Collection(DashboardCollection.Name)]
public class CompareTests(DashboardFixture fx, ITestOutputHelper output)
{
    private string ShareLink(SparkTuner.Core.Catalog.ExecutorAggregation agg = SparkTuner.Core.Catalog.ExecutorAggregation.Sum) => ShareLink(fx, agg);

    /// <summary>The share link of "3 non-cached vs 3 cached" on the fixture's demo data.</summary>
    internal static string ShareLink(DashboardFixture fx, SparkTuner.Core.Catalog.ExecutorAggregation agg = SparkTuner.Core.Catalog.ExecutorAggregation.Sum) =>
        fx.BaseUrl + DashboardUrls.Compare(new CompareState(
            fx.Variant("noncached").Select(r => r.AppId).ToList(),
            fx.Variant("cached").Select(r => r.AppId).ToList(),
            fx.Demo.Runs.Min(r => r.Start).AddMinutes(-5),
            fx.Demo.Runs.Max(r => r.End).AddMinutes(5),
            Aggregation: agg));

    internal static async Task WaitForChartsAsync(IPage page)
    {
        // No panel is still loading; then, as a reader scrolling down would, every chart waiting for the viewport
        // (Charts:DrawWhenVisibleAboveTraces) is scrolled to in turn until every ready panel has drawn its SVG traces.
        await page.WaitForFunctionAsync(
            """
            () => document.querySelectorAll('[data-panel-status="loading"]').length === 0
               && document.querySelectorAll('[data-panel-status="ready"]').length > 0
            """,
            null, new() { Timeout = 60_000, PollingInterval = 100 });
        // In the page's own script: the circuit may re-render a panel between a locator's count and its scroll.
        for (var i = 0; i < 400; i++)
        {
            var waiting = await page.EvaluateAsync<int>(
                """
                () => {
                  const waiting = document.querySelectorAll('[data-panel-status="ready"][data-drawn="false"]');
                  if (waiting.length > 0) waiting[0].scrollIntoView({ block: 'center' });
                  return waiting.length;
                }
                """);
            if (waiting == 0) break;
            await page.WaitForTimeoutAsync(50);
        }
        await page.WaitForFunctionAsync(
            """
            () => [...document.querySelectorAll('[data-panel-status="ready"]')]
                    .every(p => p.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 2)
            """,
            null, new() { Timeout = 60_000, PollingInterval = 100 });
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
    }

    [Fact]
    public async Task ShareLink_NonCachedVsCached_DurationBetterAndChartsDrawTwoSides()
    {
        var page = await fx.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        var sw = Stopwatch.StartNew();
        await page.GotoAsync(ShareLink());

        var duration = page.Locator("tr[data-metric='duration_seconds']");
        await duration.WaitForAsync();
        Assert.Equal("better", await duration.GetAttributeAsync("data-verdict"));
        var rip = double.Parse((await duration.Locator("td.rip").InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);
        Assert.True(rip > 0, $"duration RIP {rip}");

        await WaitForChartsAsync(page);
        output.WriteLine($"share link → all charts drawn: {sw.ElapsedMilliseconds} ms");
        var heap = page.Locator("[data-metric='jvm_heap'][data-panel-status='ready']").First;
        var legend = await heap.Locator(".legendtext").AllTextContentsAsync();
        Assert.Contains(legend, t => t.Contains("Baseline", StringComparison.Ordinal));
        Assert.Contains(legend, t => t.Contains("Candidate", StringComparison.Ordinal));
        // Panels off screen are not painted (content-visibility: auto) until near; the whole-page picture paints them all.
        await page.AddStyleTagAsync(new() { Content = ".chart-panel, #spark-rest .mud-expand-panel { content-visibility: visible !important; }" });
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "compare-overlay.png"), FullPage = true });
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "compare-top.png") });
        await heap.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "panel-executor-heap.png") });
        await page.Locator("[data-metric='cpu'][data-panel-status='ready']").First.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "panel-executor-cpu.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ChangeAggregation_UrlChangesAndReloadGivesSameView()
    {
        var page = await fx.NewPageAsync();
        await fx.GotoInteractiveAsync(page, ShareLink()[fx.BaseUrl.Length..]);
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync();
        var durationBefore = await page.Locator("tr[data-metric='duration_seconds']").InnerTextAsync();

        await page.Locator("[data-aggregation='max']").ClickAsync();
        // The circuit changes the URL with history.pushState: wait on location itself, not on a navigation/load event.
        await page.WaitForFunctionAsync("() => location.href.includes('agg=max')", null, new() { Timeout = 60_000 });
        await page.Locator("[data-metric='jvm_heap']", new() { HasText = "executors (max)" }).First.WaitForAsync();
        await WaitForChartsAsync(page);

        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync();
        Assert.Equal("true", await page.Locator("[data-aggregation='max']").GetAttributeAsync("aria-pressed"));
        Assert.Equal(durationBefore, await page.Locator("tr[data-metric='duration_seconds']").InnerTextAsync());
        await page.Locator("[data-metric='jvm_heap']", new() { HasText = "executors (max)" }).First.WaitForAsync();
        await WaitForChartsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "compare-max.png"), FullPage = false });
    }

    [Fact]
    public async Task GroupPicker_HideMemory_UrlKeepsItAndNoMemoryChartsRemain()
    {
        var page = await fx.NewPageAsync();
        await fx.GotoInteractiveAsync(page, ShareLink()[fx.BaseUrl.Length..]);
        await page.Locator("#group-memory").WaitForAsync();
        await page.Locator("[data-group='memory']").ClickAsync();
        await page.WaitForFunctionAsync("() => location.href.includes('groups=cpu,gc,network,shuffle,tasks')");
        await page.Locator("#group-memory").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await page.Locator("[data-metric='jvm_heap']").CountAsync());
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("#group-cpu").WaitForAsync();
        Assert.Equal("false", await page.Locator("[data-group='memory']").GetAttributeAsync("aria-pressed"));
        Assert.Equal(0, await page.Locator("#group-memory").CountAsync());
    }

    [Fact]
    public async Task EachExecutor_ChartsBelowTheFold_DrawnWhenScrolledTo()
    {
        // Every chart waits for the viewport (the default); "each" on the demo draws 4 executors × 3 runs × 2 sides = 24.
        var page = await fx.NewPageAsync();
        await page.GotoAsync(ShareLink(SparkTuner.Core.Catalog.ExecutorAggregation.Each));
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync();
        // The prerendered panels are replaced when the circuit starts: a panel picked before that is gone by the scroll
        // ("Element is not attached to the DOM", 1 full-suite run in 5 on a loaded machine).
        await page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-panel-status=\"loading\"]').length === 0", null, new() { Timeout = 60_000 });

        // Far below the first screen: still a placeholder, no Plotly drawing.
        var deferred = page.Locator("[data-panel-status='ready'][data-drawn='false']");
        Assert.True(await deferred.CountAsync() > 0, "no chart was deferred");
        var last = deferred.Last;
        Assert.Equal(0, await last.Locator(".js-plotly-plot").CountAsync());
        // Text content: a panel far off screen is not rendered (content-visibility), so it has no innerText yet.
        Assert.Contains("24 lines: drawn when scrolled into view", await last.TextContentAsync(), StringComparison.Ordinal);

        // Scrolled to: the browser's IntersectionObserver asks the circuit to draw it.
        var metric = await last.GetAttributeAsync("data-metric");
        await last.ScrollIntoViewIfNeededAsync();
        var drawn = page.Locator($"[data-metric='{metric}'][data-drawn='true']").Last;
        await drawn.Locator(".js-plotly-plot .scatterlayer .trace").First.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(24, await drawn.Locator(".js-plotly-plot .scatterlayer .trace").CountAsync());
        await drawn.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "panel-each-drawn-on-scroll.png") });
    }

    [Theory]
    [InlineData("/compare?baseline=spark-does-not-exist&candidate=spark-nor-this", "No Spark application with id")]
    [InlineData("/compare?baseline=a&candidate=b&agg=median", "not an executor aggregation")]
    [InlineData("/compare?candidate=b", "No baseline run is named")]
    [InlineData("/compare?baseline=a,a&candidate=b", "Run 'a' is listed 2 times in 'baseline'")]
    public async Task BrokenLink_ShowsWhatIsWrongAndAWayBack(string link, string message)
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync(fx.BaseUrl + link);
        var alert = page.Locator("#compare-link-error");
        await alert.WaitForAsync();
        Assert.Contains(message, await alert.InnerTextAsync());
        Assert.True(await page.Locator("#back-to-runs-from-error").IsVisibleAsync());
        // The error replaces the loading card (the prerendered page shows it until the circuit found the fault).
        Assert.Equal(0, await page.Locator("#compare-loading").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "broken-link.png") });
    }

    [Fact]
    public async Task RunsPage_VariantShortcut_OpensComparisonInAFewClicks()
    {
        var page = await fx.NewPageAsync();
        await fx.GotoInteractiveAsync(page, "/runs?from=now-1d&to=now");
        // Every demo run is known to the (demo) Spark REST API, and the Runs page says so.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=\"rest-linked\"]').length === 6");
        // Linked runs show Spark's own duration, the one the Compare page uses.
        Assert.Equal(6, await page.Locator(".run-duration[data-times-from='spark-rest']").CountAsync());
        var first = fx.Demo.Runs[0];
        var restDuration = first.End - first.Start;
        var row = page.Locator("#runs-grid tr", new() { HasText = first.AppId });
        Assert.Equal($"{restDuration.Minutes}m {restDuration.Seconds:00}s", (await row.Locator(".run-duration").InnerTextAsync()).Trim());
        await page.Locator("#pick-variants").ClickAsync();
        await page.Locator("#open-compare").ClickAsync();
        await page.WaitForFunctionAsync("() => location.pathname === '/compare'", null, new() { Timeout = 60_000 });
        await page.Locator("tr[data-metric='duration_seconds'][data-verdict='better']").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "runs.png") });
    }
}

[Collection(DashboardCollection.Name)]
public class LookAndFeelTests(DashboardFixture fx)
{
    [Fact]
    public async Task ThemeToggle_DarkTheme_DarkBackgroundAndStatusChipConnected()
    {
        var page = await fx.NewPageAsync();
        await fx.GotoInteractiveAsync(page, "/runs");
        await page.Locator("#prometheus-status[data-state='connected']").WaitForAsync();
        const string background = "() => getComputedStyle(document.body).backgroundColor";
        var light = await page.EvaluateAsync<string>(background);
        await page.GetByLabel("Toggle dark theme").ClickAsync();
        await page.WaitForFunctionAsync($"(light) => ({background})() !== light", light);
        var dark = await page.EvaluateAsync<string>(background);
        Assert.NotEqual(light, dark);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "runs-dark.png") });

        // Remembered: the reloaded page is dark from its server-rendered first paint, before the circuit starts.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal(dark, await page.EvaluateAsync<string>(background));
        await page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal("dark", await page.Locator("#theme-toggle").GetAttributeAsync("data-theme"));
        Assert.Equal(dark, await page.EvaluateAsync<string>(background));
    }

    [Fact]
    public async Task DarkTheme_ComparePage_ChartInkFollowsTheTheme()
    {
        var page = await fx.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie { Name = "sparktuner-theme", Value = "dark", Url = fx.BaseUrl }]);
        await page.GotoAsync(CompareTests.ShareLink(fx));
        await CompareTests.WaitForChartsAsync(page);
        // Plotly writes the tick label colour inline: light ink on the dark surface, and no white chart background.
        var tick = await page.EvaluateAsync<string>("() => document.querySelector('[data-panel-status=\"ready\"] .xtick text').style.fill");
        Assert.Equal("rgb(209, 213, 219)", tick);
        var paper = await page.EvaluateAsync<string>("() => document.querySelector('[data-panel-status=\"ready\"] .main-svg').style.background");
        Assert.Equal("rgba(0, 0, 0, 0)", paper);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "compare-dark.png") });
        await page.Locator("[data-metric='jvm_heap'][data-panel-status='ready']").First
            .ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "panel-executor-heap-dark.png") });
    }

    [Fact]
    public async Task NarrowLaptopScreen_ComparePageHasNoHorizontalScroll()
    {
        var page = await fx.NewPageAsync(width: 1280, height: 800);
        var link = DashboardUrls.Compare(new CompareState([fx.Demo.Runs[0].AppId], [fx.Demo.Runs[1].AppId],
            fx.Demo.Runs.Min(r => r.Start).AddMinutes(-5), fx.Demo.Runs.Max(r => r.End).AddMinutes(5)));
        await page.GotoAsync(fx.BaseUrl + link);
        await page.Locator("tr[data-metric='duration_seconds']").WaitForAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at 1280 px");
        // One run per side: the table says plainly that no noise estimate is possible.
        var note = await page.Locator("tr[data-metric='duration_seconds'] .verdict").InnerHTMLAsync();
        Assert.Contains("no noise estimate", note, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "compare-1280-one-run-each.png") });
    }
}
