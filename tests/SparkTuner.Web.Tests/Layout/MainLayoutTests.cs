using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Series;
using SparkTuner.Web.Components.Layout;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Tests.Layout;

public class MainLayoutTests : BunitTestContext
{
    private readonly VersionOnlySource _source = new();

    public MainLayoutTests()
    {
        Services.AddSingleton<ITimeSeriesSource>(_source);
        Services.AddSingleton<DataSourceStatusService>();
        Services.AddLogging();
    }

    private IRenderedComponent<MainLayout> RenderLayout(RenderFragment body) =>
        Render<MainLayout>(p => p.Add(l => l.Body, body));

    [Fact]
    public void MainLayout_PageThrows_OneLineMessageNoStackTraceAppBarStillThere()
    {
        var cut = RenderLayout(b => { b.OpenComponent<Throwing>(0); b.CloseComponent(); });
        var error = cut.Find("#page-error");
        Assert.Contains("InvalidOperationException", error.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("SparkTuner", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void MainLayout_PrometheusDown_StatusChipSaysNotReachableWithTheUrl()
    {
        _source.Down = true;
        var cut = RenderLayout(b => b.AddContent(0, "page"));
        cut.WaitForAssertion(() => Assert.Equal("unreachable", cut.Find("#prometheus-status").GetAttribute("data-state")));
        Assert.Contains("http://prometheus.test:9090", cut.Find("#prometheus-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MainLayout_PrometheusUp_StatusChipShowsVersion()
    {
        var cut = RenderLayout(b => b.AddContent(0, "page"));
        cut.WaitForAssertion(() => Assert.Equal("connected", cut.Find("#prometheus-status").GetAttribute("data-state")));
        Assert.Contains("2.42.0", cut.Find("#prometheus-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MainLayout_SavedDarkTheme_StartsDarkAndToggleRemembersLight()
    {
        var module = JSInterop.SetupModule("./js/sparktuner.js");
        module.SetupVoid("saveTheme", "light").SetVoidResult();
        var cut = Render<CascadingValue<string?>>(p => p
            .Add(c => c.Name, "SavedTheme")
            .Add(c => c.Value, "dark")
            .Add(c => c.IsFixed, true)
            .AddChildContent<MainLayout>(l => l.Add(x => x.Body, b => b.AddContent(0, "page"))));

        Assert.Equal("dark", cut.Find("#theme-toggle").GetAttribute("data-theme"));
        cut.Find("#theme-toggle").Click();
        Assert.Equal("light", cut.Find("#theme-toggle").GetAttribute("data-theme"));
        Assert.Equal(["light"], module.VerifyInvoke("saveTheme").Arguments);
    }

    [Theory]
    [InlineData("dark", "dark")]
    [InlineData("light", "light")]
    [InlineData("Dark", null)]
    [InlineData("\"><script>", null)]
    [InlineData(null, null)]
    public void ThemeChoice_FromCookie_OnlyKnownValues(string? cookie, string? expected) =>
        Assert.Equal(expected, ThemeChoice.FromCookie(cookie));

    private sealed class Throwing : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret detail");
    }

    private sealed class VersionOnlySource : ITimeSeriesSource
    {
        public bool Down { get; set; }
        public string Describe => "http://prometheus.test:9090";

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Down
            ? throw new DataSourceException("unreachable", "Prometheus at http://prometheus.test:9090 is not reachable: Connection refused")
            : Task.FromResult("2.42.0");

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
