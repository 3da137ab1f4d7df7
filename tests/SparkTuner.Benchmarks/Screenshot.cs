using Microsoft.Playwright;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Looks at a page as a user would: opens URL in headless Chromium (1440 × 1000), waits until SELECTOR is on the page
/// (the interactive circuit has rendered), and saves a PNG of the viewport scrolled to it.
/// Usage: shot URL FILE [SELECTOR] [--full]
/// </summary>
public static class Screenshot
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: shot URL FILE [SELECTOR] [--full]");
            return 2;
        }

        var selector = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : "body";
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(PageBenchmark.Chromium);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await page.GotoAsync(args[0]);
        var target = page.Locator(selector).First;
        await target.WaitForAsync(new() { Timeout = 60_000 });
        await target.ScrollIntoViewIfNeededAsync();
        await Task.Delay(1500);
        await page.ScreenshotAsync(new() { Path = args[1], FullPage = args.Contains("--full") });
        Console.WriteLine($"saved {args[1]}");
        return 0;
    }
}
