using System.Globalization;
using Microsoft.Playwright;

namespace SparkTuner.Benchmarks;

/// <summary>
/// Where the time of one page open goes (see <see cref="PageTimes"/>): every mark, and with --detail each resource's
/// timing and the long tasks.
/// Usage: timing URL [--runs N] [--same-context] [--until MARK] [--detail]   (--same-context: one browser context, HTTP cache warm)
/// </summary>
public static class TimingProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: timing URL [--runs N] [--same-context] [--until MARK] [--detail]");
            return 2;
        }
        var url = args[0];
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
        var until = Option("--until", "first-screen");
        var same = args.Contains("--same-context");
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(PageBenchmark.Chromium);
        if (Array.IndexOf(args, "--parallel") >= 0)
        {
            // N fresh browser contexts opening the URL at the same moment.
            var n = int.Parse(Option("--parallel", "10"), CultureInfo.InvariantCulture);
            using var barrier = new Barrier(n);
            Func<Task>? ready = args.Contains("--on-site") ? () => Task.Run(() => barrier.SignalAndWait()) : null;
            var all = await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
            {
                await using var c = await PageTimes.NewContextAsync(browser);
                return await PageTimes.OpenAsync(c, url, until, null, ready);
            }));
            foreach (var (t, i) in all.Select((t, i) => (t, i))) Console.WriteLine($"open {i + 1}: {t}");
            return 0;
        }
        IBrowserContext? shared = null;
        for (var i = 0; i < runs; i++)
        {
            var context = same ? shared ??= await PageTimes.NewContextAsync(browser) : await PageTimes.NewContextAsync(browser);
            var traceFile = Option("--trace", "");
            ICDPSession? cdp = null;
            var events = new List<System.Text.Json.JsonElement>();
            var traced = new TaskCompletionSource();
            if (traceFile.Length > 0 && i == runs - 1)
            {
                // Chromium's own trace of the last open (open FILE in chrome://tracing or Perfetto).
                var blank = await context.NewPageAsync();
                cdp = await context.NewCDPSessionAsync(blank);
                cdp.Event("Tracing.dataCollected").OnEvent += (_, e) => { if (e is { } v) lock (events) events.AddRange(v.GetProperty("value").EnumerateArray().Select(x => x.Clone())); };
                cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => traced.TrySetResult();
                await cdp.SendAsync("Tracing.start", new Dictionary<string, object> { ["categories"] = "devtools.timeline,blink,loading,v8.execute,disabled-by-default-devtools.timeline" });
            }
            var times = await PageTimes.OpenAsync(context, url, until);
            Console.WriteLine($"open {i + 1}: {times}");
            if (cdp is not null)
            {
                await cdp.SendAsync("Tracing.end");
                await traced.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await File.WriteAllTextAsync(traceFile, System.Text.Json.JsonSerializer.Serialize(new { traceEvents = events }));
                Console.WriteLine($"trace: {traceFile} ({events.Count} events)");
            }
            if (!same) await context.DisposeAsync();
        }
        if (shared is not null) await shared.DisposeAsync();
        return 0;
    }
}
