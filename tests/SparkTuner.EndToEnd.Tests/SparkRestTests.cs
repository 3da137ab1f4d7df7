using Microsoft.Playwright;
using SparkTuner.Web.Model;

namespace SparkTuner.EndToEnd.Tests;

[Collection(DashboardCollection.Name)]
public class SparkRestTests(DashboardFixture fx)
{
    [Fact]
    public async Task DemoComparison_RestSections_ShowInMemoryTableScanAndCachedSizes()
    {
        var page = await fx.NewPageAsync();
        // The demo's "3 non-cached vs 3 cached" link, as a path.
        var link = CompareTests.ShareLink(fx)[fx.BaseUrl.Length..];
        await page.GotoAsync(fx.BaseUrl + link);

        // SQL plans: the cached run's plan has InMemoryTableScan where the non-cached one does not.
        var candidateOnly = page.Locator("[data-testid='plan-diff'] [data-plan-only='candidate']", new() { HasText = "InMemoryTableScan" }).First;
        await candidateOnly.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(0, await page.Locator("[data-plan-only='baseline']", new() { HasText = "InMemoryTableScan" }).CountAsync());

        // Cached data: the candidate's datasets with a size in GiB or MiB.
        var cached = page.Locator("[data-testid='cached-data'] [data-testid='cached-memory']");
        await cached.First.WaitForAsync();
        // Sections far below are rendered when a reader comes near them (content-visibility): scroll there first.
        await cached.First.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='cached-data'] [data-testid='cached-memory']\").innerText.length > 0");
        var sizes = await cached.AllInnerTextsAsync();
        Assert.Contains(sizes, s => s.Contains("GiB", StringComparison.Ordinal) || s.Contains("MiB", StringComparison.Ordinal));

        // Stages and configuration are there too.
        Assert.True(await page.Locator("[data-testid='spark-rest-stages']").IsVisibleAsync());
        Assert.True(await page.Locator("[data-testid='config-diff']").IsVisibleAsync());
        await page.Locator("#spark-rest").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "spark-rest.png") });
        await page.Locator("[data-testid='spark-rest-config']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "spark-rest-config-cached.png") });
    }

    [Fact]
    public async Task DemoComparison_Advisor_CacheVerdictPaidOffAndAChangedFinding()
    {
        var page = await fx.NewPageAsync();
        // The demo's "3 non-cached vs 3 cached" link, as a path.
        var link = CompareTests.ShareLink(fx)[fx.BaseUrl.Length..];
        // Interactive first: a prerendered page is re-rendered when its circuit starts, and the counts below must see the final one.
        await fx.GotoInteractiveAsync(page, link);

        // The cache verdict names both sides: the cached candidate paid off against the recomputing baseline.
        var verdict = page.Locator("[data-testid='cache-verdict-text']");
        await verdict.WaitForAsync(new() { Timeout = 60_000 });
        await verdict.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='cache-verdict-text']\").innerText.length > 0");
        var text = await verdict.InnerTextAsync();
        Assert.StartsWith("paid off: −", text, StringComparison.Ordinal);
        Assert.Contains("candidate cartesian-", text, StringComparison.Ordinal);
        Assert.Contains("baseline cartesian-", text, StringComparison.Ordinal);
        Assert.Equal("PaidOff", await page.Locator("[data-testid='cache-verdict']").GetAttributeAsync("data-outcome"));

        // Changed findings come first: the first row is not "same", and at least one finding is resolved by the cache.
        var findings = page.Locator("[data-testid='advice-finding']");
        Assert.NotEqual("same", await findings.First.GetAttributeAsync("data-change"));
        // (The expansion panels may render their content a batch later: wait for it rather than count at once.)
        await page.Locator("[data-testid='advice-finding'][data-change='resolved']").First.WaitForAsync();

        // The memory model of both sides: largest executor and driver.
        await page.Locator("[data-testid='memory-model']").Nth(3).WaitForAsync();
        Assert.Equal(4, await page.Locator("[data-testid='memory-model']").CountAsync());
        await page.Locator("[data-testid='spark-rest-advice']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "advisor-findings.png") });
        await page.Locator("[data-testid='spark-rest-memory']").ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "advisor-memory-model.png") });
        await page.Locator("[data-testid='spark-rest-cache-verdict']").ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "advisor-cache-verdict.png") });

        // An evidence line's "chart" link stays on this comparison and brings its chart group into view, below the app bar.
        var compareUrl = page.Url;
        var chartLink = page.Locator("[data-testid='advice-finding'] a[data-chart-metric]").First;
        var group = (await chartLink.GetAttributeAsync("href"))!.Split('#')[1];
        await chartLink.ClickAsync();
        await page.WaitForFunctionAsync($"() => location.hash === '#{group}'");
        Assert.Equal(compareUrl.Split('#')[0], page.Url.Split('#')[0]);
        // Below the 48 px app bar (within a few pixels: panels above it settle their heights as they render).
        await page.WaitForFunctionAsync($"() => {{ const t = document.getElementById('{group}').getBoundingClientRect().top; return t >= 40 && t < innerHeight / 2; }}");
        Assert.Equal(1, await page.Locator("[data-testid='advice-findings']").CountAsync());
    }

    [Fact]
    public async Task RestRunPair_FromLinkAndPicker_ComparesThoseRunsAndKeepsThemInTheUrl()
    {
        var baseline = fx.Variant("noncached").Select(r => r.AppId).ToList();
        var candidate = fx.Variant("cached").Select(r => r.AppId).ToList();
        var state = new CompareState(baseline, candidate,
            fx.Demo.Runs.Min(r => r.Start).AddMinutes(-5), fx.Demo.Runs.Max(r => r.End).AddMinutes(5), Rest: new RunPair(1, 2));
        var page = await fx.NewPageAsync();
        await fx.GotoInteractiveAsync(page, DashboardUrls.Compare(state));
        Assert.Contains("rest=2,3", page.Url, StringComparison.Ordinal);

        // The linked pair is the one compared: the 2nd non-cached run against the 3rd cached one.
        var baselineRow = page.Locator("[data-testid='spark-rest-runs'] tr[data-side='baseline']");
        await baselineRow.Locator($"text={baseline[1]}").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains(candidate[2], await page.Locator("[data-testid='spark-rest-runs'] tr[data-side='candidate']").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("[data-testid='stage-row']").First.WaitForAsync(new() { Timeout = 60_000 });

        // Pick the 1st baseline run in the picker: the URL follows (default pair for the baseline, 3rd candidate kept).
        await page.Locator("[data-testid='rest-pick-baseline']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "1 · " + baseline[0] }).ClickAsync();
        await page.WaitForFunctionAsync("() => location.href.includes('rest=1,3')", null, new() { Timeout = 60_000 });
        await baselineRow.Locator($"text={baseline[0]}").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("#spark-rest").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "spark-rest-pair.png") });
    }
}
