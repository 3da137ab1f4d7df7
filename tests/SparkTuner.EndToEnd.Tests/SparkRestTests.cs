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
        var link = DashboardUrls.Compare(new CompareState(
            fx.Variant("noncached").Select(r => r.AppId).ToList(),
            fx.Variant("cached").Select(r => r.AppId).ToList(),
            fx.Demo.Runs.Min(r => r.Start).AddMinutes(-5),
            fx.Demo.Runs.Max(r => r.End).AddMinutes(5)));
        await page.GotoAsync(fx.BaseUrl + link);

        // SQL plans: the cached run's plan has InMemoryTableScan where the non-cached one does not.
        var candidateOnly = page.Locator("[data-testid='plan-diff'] [data-plan-only='candidate']", new() { HasText = "InMemoryTableScan" }).First;
        await candidateOnly.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(0, await page.Locator("[data-plan-only='baseline']", new() { HasText = "InMemoryTableScan" }).CountAsync());

        // Cached data: the candidate's datasets with a size in GiB or MiB.
        var cached = page.Locator("[data-testid='cached-data'] [data-testid='cached-memory']");
        await cached.First.WaitForAsync();
        var sizes = await cached.AllInnerTextsAsync();
        Assert.Contains(sizes, s => s.Contains("GiB", StringComparison.Ordinal) || s.Contains("MiB", StringComparison.Ordinal));

        // Stages and configuration are there too.
        Assert.True(await page.Locator("[data-testid='spark-rest-stages']").IsVisibleAsync());
        Assert.True(await page.Locator("[data-testid='config-diff']").IsVisibleAsync());
        await page.Locator("#spark-rest").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "spark-rest.png") });
    }
}
