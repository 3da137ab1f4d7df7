using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;
using SparkTuner.Web.Components.Pages;
using SparkTuner.Web.Services;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Pages;

/// <summary>The Runs page marks a run that is still running with a "running" chip (metrics rule or Spark REST).</summary>
public class RunsPageTests : BunitTestContext
{
    // "now" is BunitTestContext.Now; scrape interval 15 s.
    private static readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Apps = new()
    {
        ["spark-done"] = (Now.AddMinutes(-90), Now.AddMinutes(-80)),
        ["spark-live"] = (Now.AddMinutes(-4), Now.AddSeconds(-7)),   // last sample 7 s old: running
        ["spark-rest"] = (Now.AddMinutes(-30), Now.AddMinutes(-20)), // metrics stopped, but REST says incomplete
    };

    private readonly RestApps _rest = new();

    private readonly AppsSource _source = new();

    private IRenderedComponent<Runs> Open(bool restConfigured, string? from = null)
    {
        var source = _source;
        Services.AddSingleton(new RunDiscovery(source, RunDiscoveryOptions.SparkNative with { ScrapeInterval = TimeSpan.FromSeconds(15) }, Clock));
        Services.AddScoped<RunsService>();
        Services.AddSingleton(Options.Create(new SparkRestOptions { BaseUrl = restConfigured ? "http://spark-history.test:18080" : null }));
        Services.AddSingleton<ISparkHistorySource>(_rest);
        Services.AddLogging();
        Services.AddScoped<SparkRestPageService>();
        RenderAsInteractiveServer();
        Render<MudBlazor.MudPopoverProvider>();
        if (from is not null)
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo("/runs?from=" + Uri.EscapeDataString(from));
        }
        return Render<Runs>();
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Runs> cut, string id) =>
        cut.FindAll("#runs-grid tbody tr").Single(tr => tr.TextContent.Contains(id, StringComparison.Ordinal));

    [Fact]
    public void RunsPage_LastSampleSecondsOld_RunningChipOnThatRunOnly()
    {
        var cut = Open(restConfigured: false);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#runs-grid tbody tr").Count), TimeSpan.FromSeconds(10));
        var chip = Assert.Single(cut.FindAll("[data-testid='run-running']"));
        Assert.Equal("running", chip.TextContent.Trim());
        Assert.NotNull(Row(cut, "spark-live").QuerySelector("[data-testid='run-running']"));
        Assert.Null(Row(cut, "spark-done").QuerySelector("[data-testid='run-running']"));
        Assert.Contains("so far", Row(cut, "spark-live").QuerySelector(".run-duration")!.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void RunsPage_RestSaysIncompleteOrCompleted_RestDecides()
    {
        // REST: spark-rest's attempt is incomplete; spark-live's attempt completed just now (its last scrape is recent).
        _rest.Apps =
        [
            new SparkApplication("spark-rest", "spark-rest", [new SparkAttempt(null, Apps["spark-rest"].Start, null, null, "u", false, "3.5.1")]),
            new SparkApplication("spark-live", "spark-live", [new SparkAttempt(null, Apps["spark-live"].Start.AddSeconds(-2), Apps["spark-live"].End.AddSeconds(1), null, "u", true, "3.5.1")]),
        ];
        var cut = Open(restConfigured: true);

        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, "spark-rest").QuerySelector("[data-testid='run-running']")), TimeSpan.FromSeconds(10));
        Assert.Null(Row(cut, "spark-live").QuerySelector("[data-testid='run-running']"));
        Assert.Single(cut.FindAll("[data-testid='run-running']"));
    }

    [Fact]
    public void RunsPage_LinkFrom1970_ErrorNamesTheLimit_NoQuerySent()
    {
        var cut = Open(restConfigured: false, from: "1970-01-01T00:00:00Z");

        cut.WaitForAssertion(() => Assert.Contains("at most 31 days are searched", cut.Find("#runs-error").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("#runs-grid tbody tr[data-row]"));
        Assert.Equal(0, _source.Calls);
    }

    /// <summary>Discovery answers for <see cref="Apps"/>: a driver and one executor each, a sample every 15 s.</summary>
    private sealed class AppsSource : ITimeSeriesSource
    {
        public string Describe => "http://prometheus.test:9090";

        /// <summary>Series lookups and raw reads answered.</summary>
        public int Calls;

        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            IReadOnlyList<IReadOnlyDictionary<string, string>> sets = Apps.Keys
                .SelectMany(id => new[] { "driver", "1" }.Select(e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                {
                    ["__name__"] = "metrics_executor_totalCores", ["application_id"] = id, ["application_name"] = id, ["executor_id"] = e,
                }))
                .ToList();
            return Task.FromResult(QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(sets));
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            var series = Apps.Where(a => SelectorMatch.NamesApp(promQl, a.Key) == true).Select(a =>
            {
                var first = a.Value.Start.ToUnixTimeMilliseconds() / 1000.0;
                var last = a.Value.End.ToUnixTimeMilliseconds() / 1000.0;
                var ts = Enumerable.Range(0, (int)((last - first) / 15) + 1).Select(i => first + i * 15).Append(last).Distinct().ToArray();
                return new TimeSeries(new Dictionary<string, string> { ["application_id"] = a.Key, ["executor_id"] = "driver" }, ts, ts.Select(_ => 2.0).ToArray());
            }).ToList();
            return Task.FromResult(QueryResult<IReadOnlyList<TimeSeries>>.Of(series));
        }

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("2.42.0");
    }

    /// <summary>A Spark REST API that lists <see cref="Apps"/>; nothing else may be called.</summary>
    private sealed class RestApps : ISparkHistorySource
    {
        public IReadOnlyList<SparkApplication> Apps { get; set; } = [];

        private static Exception Unexpected() => new InvalidOperationException("only the application list is used by the Runs page");
        public Task<IReadOnlyList<SparkApplication>> ListApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default) => Task.FromResult(Apps);
        public Task<SparkApplication> GetApplicationAsync(string appId, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkExecutor>> ExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkExecutor>> AllExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkStage>> StagesAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkJob>> JobsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkSqlExecution>> SqlExecutionsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<SparkEnvironment> EnvironmentAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<SparkRddStorage>> StorageRddsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => throw Unexpected();
    }
}
