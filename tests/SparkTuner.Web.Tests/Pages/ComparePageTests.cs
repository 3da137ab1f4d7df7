using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;
using SparkTuner.Web.Components.Pages;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Pages;

public class ComparePageTests : BunitTestContext
{
    private readonly ScriptedSource _source = new();

    public ComparePageTests()
    {
        var catalog = MetricCatalog.Default;
        var options = new ComparisonServiceOptions { ScrapeInterval = TimeSpan.FromSeconds(5), Comparison = ComparisonOptions.Default with { BootstrapResamples = 200 } };
        Services.AddSingleton(new ComparisonService(_source, catalog, options, new RunDiscovery(_source)));
        Services.AddSingleton(Options.Create(new RunsOptions()));
        Services.AddSingleton(Options.Create(new SparkRestOptions()));
        Services.AddSingleton<ISparkHistorySource, UnconfiguredSpark>();
        Services.AddLogging();
        Services.AddScoped<ComparePageService>();
        Services.AddScoped<SparkRestPageService>();
    }

    private IRenderedComponent<Compare> Open(string url)
    {
        RenderAsInteractiveServer();
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
        return Render<Compare>();
    }

    private static string Link() => DashboardUrls.Compare(new CompareState(["app-base"], ["app-cand"], ScriptedSource.T0.AddMinutes(-10), ScriptedSource.T0.AddHours(1)));

    [Fact]
    public void ComparePage_OneQueryFails_ThatPanelShowsErrorAndPromQlWhileOthersDraw()
    {
        _source.FailWhen = q => q.Contains("JVMHeapMemory", StringComparison.Ordinal);
        var cut = Open(Link());

        cut.WaitForElement("tr[data-metric='duration_seconds']", TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-panel-status='loading']")), TimeSpan.FromSeconds(10));

        var errors = cut.FindAll("[data-panel-status='error']");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("query timed out in the test", e.TextContent, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.QuerySelector("pre.promql")?.TextContent.Contains("JVMHeapMemory", StringComparison.Ordinal) == true);
        Assert.NotEmpty(cut.FindAll("[data-panel-status='ready']"));
        // The summary row of the failed metric says why instead of showing a number.
        var heapRow = cut.Find("tr[data-metric='executor_jvm_heap_peak_bytes']");
        Assert.Equal("n/a", heapRow.GetAttribute("data-verdict"));
        Assert.Equal("better", cut.Find("tr[data-metric='duration_seconds']").GetAttribute("data-verdict"));
    }

    [Fact]
    public void ComparePage_Prerendering_RunsNoQuery()
    {
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Services.GetRequiredService<NavigationManager>().NavigateTo(Link());
        var cut = Render<Compare>();
        Assert.Contains("Finding the runs", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, _source.Calls);
    }

    [Fact]
    public void ComparePage_PrometheusDown_ShowsOneMessageAndNoCrash()
    {
        _source.Down = true;
        var cut = Open(Link());
        cut.WaitForAssertion(() => Assert.Contains("not reachable", cut.Find("#compare-error").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ComparePage_UnknownRun_ExplainsAndOffersWayBack()
    {
        var cut = Open(DashboardUrls.Compare(new CompareState(["app-base"], ["nope\"quoted\"\\id"], ScriptedSource.T0.AddMinutes(-10), ScriptedSource.T0.AddHours(1))));
        cut.WaitForAssertion(() => Assert.Contains("No Spark application with id 'nope\"quoted\"\\id'", cut.Find("#compare-link-error").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal(DashboardUrls.Runs(), cut.Find("#back-to-runs-from-error").GetAttribute("href"));
    }

    private void AssertNoLoadingCard(IRenderedComponent<Compare> cut)
    {
        Assert.Empty(cut.FindAll("#compare-loading"));
        Assert.DoesNotContain("Finding the runs", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-panel-status='loading']"));
        Assert.Empty(cut.FindAll("#summary-loading"));
    }

    [Fact]
    public void ComparePage_PrometheusDown_ErrorReplacesTheLoadingCard()
    {
        _source.Down = true;
        var cut = Open(Link());
        cut.WaitForElement("#compare-error", TimeSpan.FromSeconds(10));
        AssertNoLoadingCard(cut);
    }

    [Fact]
    public void ComparePage_UnknownRun_ErrorReplacesTheLoadingCard()
    {
        var cut = Open(DashboardUrls.Compare(new CompareState(["app-base"], ["spark-nope"], ScriptedSource.T0.AddMinutes(-10), ScriptedSource.T0.AddHours(1))));
        cut.WaitForElement("#compare-link-error", TimeSpan.FromSeconds(10));
        AssertNoLoadingCard(cut);
    }

    [Theory]
    [InlineData("/compare?baseline=app-base", "No candidate run is named")]
    [InlineData("/compare?baseline=app-base&candidate=app-cand&from=yesterday", "'from=yesterday' is not a time")]
    [InlineData("/compare?baseline=app-base,app-base&candidate=app-cand", "Run 'app-base' is listed 2 times in 'baseline'")]
    [InlineData("/compare?baseline=app-base&candidate=c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,c16,c17,c18,c19,c20",
        "'candidate' lists 21 runs; at most 20 per side can be compared (setting Runs:MaxRunsPerSide).")]
    public void ComparePage_LinkCannotBeOpened_ErrorInsteadOfLoadingCardAndNoQuery(string url, string message)
    {
        var cut = Open(url);

        Assert.Contains(message, cut.Find("#compare-link-error").TextContent, StringComparison.Ordinal);
        AssertNoLoadingCard(cut);
        Assert.Equal(0, _source.Calls);
    }

    [Fact]
    public void ComparePage_CapFromConfiguration_Applied()
    {
        Services.AddSingleton(Options.Create(new RunsOptions { MaxRunsPerSide = 1 }));
        var cut = Open("/compare?baseline=app-base,b2&candidate=app-cand");

        Assert.Contains("'baseline' lists 2 runs; at most 1 per side", cut.Find("#compare-link-error").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _source.Calls);
    }

    [Fact]
    public async Task ComparePage_EarlierLoadFailsAfterANewerLinkLoaded_PageKeepsShowingTheNewerLink()
    {
        // The first link's queries are held (a slow Prometheus) while the person moves on to the second link.
        _source.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = DashboardUrls.Compare(new CompareState(["spark-gone"], ["app-cand"], ScriptedSource.T0.AddMinutes(-10), ScriptedSource.T0.AddHours(1)));
        var cut = Open(first);
        await _source.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var held = _source.Hold;
        _source.Hold = null;

        await cut.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo(Link()));
        cut.WaitForElement("tr[data-metric='duration_seconds']", TimeSpan.FromSeconds(10));

        // Its answers arrive now, after the page moved on: whatever the first load makes of them (its unknown run, or
        // its cancellation), the page keeps showing the second link. (LatestLoadTests checks the dropping itself.)
        held.SetResult();
        await Task.Delay(200);
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("#compare-link-error"));
            Assert.Equal(["app-base"], cut.FindAll("[data-side='baseline'] [data-run]").Select(e => e.GetAttribute("data-run")));
            Assert.Equal("better", cut.Find("tr[data-metric='duration_seconds']").GetAttribute("data-verdict"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Stopped_LoadingPanels_SayTheyWillNotLoadOthersKept()
    {
        var ready = PanelViewModel.NotAvailable("GC");
        var groups = ComparePageService.Stopped([new PanelGroupViewModel("memory", "Memory", [PanelViewModel.Loading("Heap", ["q"]), ready])]);

        var panels = Assert.Single(groups).Panels;
        Assert.Equal(PanelStatus.Error, panels[0].Status);
        Assert.Equal("Heap", panels[0].Title);
        Assert.Equal(["q"], panels[0].Queries);
        Assert.Same(ready, panels[1]);
    }

    /// <summary>Two runs (a slow baseline, a faster candidate) with two executors each; queries answered from a formula.</summary>
    private sealed class ScriptedSource : ITimeSeriesSource
    {
        public static readonly DateTimeOffset T0 = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);
        private static readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Apps = new()
        {
            ["app-base"] = (T0, T0.AddSeconds(300)),
            ["app-cand"] = (T0.AddSeconds(600), T0.AddSeconds(800)),
        };

        public Func<string, bool> FailWhen { get; set; } = _ => false;
        public bool Down { get; set; }
        public string Describe => "http://prometheus.test:9090";

        public int Calls;

        /// <summary>While set, every call waits for it (ignoring cancellation, as a slow answer already on its way does).</summary>
        public TaskCompletionSource? Hold { get; set; }

        /// <summary>Completed when a call met <see cref="Hold"/>.</summary>
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private async Task CheckAsync(string? query = null)
        {
            if (Hold is { } hold)
            {
                Held.TrySetResult();
                await hold.Task;
            }
            Check(query);
        }

        private void Check(string? query = null)
        {
            Interlocked.Increment(ref Calls);
            if (Down) throw new DataSourceException("unreachable", "Prometheus at http://prometheus.test:9090 is not reachable: Connection refused", query);
        }

        public async Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        {
            await CheckAsync();
            var sets = new List<IReadOnlyDictionary<string, string>>();
            foreach (var id in Apps.Keys.Where(id => matchers.Any(m => SelectorMatch.NamesApp(m, id) != false)))
            {
                foreach (var exec in new[] { "driver", "1", "2" })
                {
                    sets.Add(new Dictionary<string, string> { ["__name__"] = "metrics_executor_totalCores", ["application_id"] = id, ["application_name"] = id, ["executor_id"] = exec });
                }
            }
            return QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(sets);
        }

        public async Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            await CheckAsync(promQl);
            if (FailWhen(promQl)) throw new DataSourceException("timeout", "query timed out in the test", promQl, 503);
            // Like Prometheus: the series the selector (one run's, or the union of several runs') matches, with their names.
            var selector = SparkTuner.Core.Query.SelectorText.Parse(promQl[..promQl.LastIndexOf('[')]);
            var name = selector.Matchers[0].Value.Split('|')[0].Replace("\\", "", StringComparison.Ordinal);
            var unescaped = promQl.Replace("\\", "", StringComparison.Ordinal);
            var series = Apps.Where(a => unescaped.Contains(a.Key, StringComparison.Ordinal)).SelectMany(a =>
            {
                var ts = Enumerable.Range(0, (int)(a.Value.End - a.Value.Start).TotalSeconds / 5 + 1).Select(i => a.Value.Start.ToUnixTimeSeconds() + i * 5.0).ToArray();
                return new[] { "driver", "1", "2" }.Select(e => new TimeSeries(
                    new Dictionary<string, string> { ["__name__"] = name, ["application_id"] = a.Key, ["executor_id"] = e }, ts, ts.Select(_ => 2.0).ToArray()));
            }).Where(s => selector.Matches(s.Labels)).ToList();
            return QueryResult<IReadOnlyList<TimeSeries>>.Of(series);
        }

        public async Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            await CheckAsync(promQl);
            if (FailWhen(promQl)) throw new DataSourceException("timeout", "query timed out in the test", promQl, 503);
            var n = (int)((end - start) / step) + 1;
            var ts = Enumerable.Range(0, n).Select(i => start.ToUnixTimeSeconds() + i * step.TotalSeconds).ToArray();
            var series = new[] { "1", "2" }.Select(e => new TimeSeries(
                new Dictionary<string, string> { ["executor_id"] = e, ["label_spark_exec_id"] = e },
                ts, ts.Select((_, i) => 1e6 * (i + 1)).ToArray())).ToList();
            return QueryResult<IReadOnlyList<TimeSeries>>.Of(series);
        }

        public async Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            await CheckAsync(promQl);
            return QueryResult<IReadOnlyList<InstantSample>>.Of([]);
        }

        public async Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        {
            await CheckAsync();
            return QueryResult<IReadOnlyList<string>>.Of([]);
        }

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("2.42.0");
    }
}

/// <summary>The page's REST section is not configured in these tests; nothing may call it.</summary>
internal sealed class UnconfiguredSpark : ISparkHistorySource
{
    private static Exception Unexpected() => new InvalidOperationException("the Spark REST API is not configured in this test");
    public Task<IReadOnlyList<SparkApplication>> ListApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<SparkApplication> GetApplicationAsync(string appId, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkExecutor>> ExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkExecutor>> AllExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkStage>> StagesAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkJob>> JobsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkSqlExecution>> SqlExecutionsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<SparkEnvironment> EnvironmentAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<IReadOnlyList<SparkRddStorage>> StorageRddsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
}
