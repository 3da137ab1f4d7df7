using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Web.Components.Controls;
using SparkTuner.Web.Components.Pages;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Tests.Pages;

public class DataSourcePageTests : BunitTestContext
{
    private static readonly SparkRun Run = new("spark-0c03", "sessionize-candidate", Now.AddHours(-1), Now.AddHours(-1).AddMinutes(3), 2, "candidate");

    /// <summary>A report as the doctor builds it for the default-namespace situation, with one duplicate and a scrape mismatch.</summary>
    private static DoctorReport Report()
    {
        var ns = DoctorHints.ServletNamespaceDefault("metrics_sessionize_candidate_driver_", "metrics_spark_0c03_driver_");
        var dupHint = DoctorHints.Duplicates("executor-endpoint (metrics_executor_*)", 15, 2, ["prometheus_replica"], ["prometheus_replica"]);
        return new DoctorReport(
            Now,
            new ServerCheck("http://prometheus.test:9090", true, null, null),
            new RunCheck(null, Run, "metrics_executor_totalCores", Now.AddDays(-1), Now, "Checked the most recent run of the last 24 h: sessionize-candidate (spark-0c03)."),
            [
                new ProfileCheck("spark-native", true, "Spark's own output.",
                [
                    new MetricCheck("jvm_heap", "JVM heap used", MetricScope.Driver, CheckStatus.Missing, true, 0, "run", "metrics_sessionize_candidate_driver_ExecutorMetrics_JVMHeapMemory_Value", ns, null),
                    new MetricCheck("jvm_heap", "JVM heap used", MetricScope.Executor, CheckStatus.Found, true, 2, "run", "metrics_executor_JVMHeapMemory_bytes{…}", null, null),
                ]),
                new ProfileCheck("jmx-exporter", false, "JMX exporter.",
                [
                    new MetricCheck("gc_time", "GC time", MetricScope.Executor, CheckStatus.Missing, false, 0, "run", "spark_executor_jvmgctime…", DoctorHints.JmxExporterMissing("spark_executor_jvmgctime"), null),
                ]),
            ],
            [new DuplicateFinding("spark-native", "executor-endpoint (metrics_executor_*)", ["application_id", "executor_id", "__name__"], 15, 2,
                new Dictionary<string, string> { ["application_id"] = "spark-0c03", ["executor_id"] = "1" }, ["prometheus_replica"], dupHint)],
            new ScrapeIntervalCheck(5, 15, 12, "metrics_executor_totalCores{…}[3m]", "The data is scraped every 15 s (median of 12 gaps), but 5 s is configured: set Prometheus:ScrapeIntervalSeconds=15.", true, null),
            [
                new DoctorFinding(FindingSeverity.Problem, dupHint, ["duplicates: executor-endpoint (metrics_executor_*)"]),
                new DoctorFinding(FindingSeverity.Problem, ns, ["spark-native: JVM heap used (driver)"]),
                new DoctorFinding(FindingSeverity.Info, DoctorHints.JmxExporterMissing("spark_executor_jvmgctime"), ["jmx-exporter: GC time (executor)"]),
            ],
            []);
    }

    [Fact]
    public void ReportView_Problems_StatusFindingsWithSettingsDuplicatesAndProfiles()
    {
        var cut = Render<DataSourceReportView>(p => p.Add(v => v.Model, DataSourcePageModel.From(Report())));

        Assert.Equal("problems", cut.Find("#doctor-status").GetAttribute("data-status"));
        Assert.Contains("2 things to fix", cut.Find("#doctor-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("reachable, version unknown", cut.Find("#doctor-server").TextContent, StringComparison.Ordinal);
        Assert.Equal("spark-0c03", cut.Find("#doctor-run").GetAttribute("data-run"));
        Assert.Equal("true", cut.Find("#doctor-scrape").GetAttribute("data-mismatch"));

        var findings = cut.FindAll(".doctor-finding");
        Assert.Equal(3, findings.Count);
        Assert.Equal(["Duplicates", "ServletNamespaceDefault", "JmxExporterMissing"], findings.Select(f => f.GetAttribute("data-kind")));
        Assert.Equal(["--query.replica-label=prometheus_replica", "spark.metrics.namespace=${spark.app.name}"],
            cut.FindAll(".doctor-setting").Select(s => s.TextContent));
        Assert.Contains("What to fix", cut.Markup, StringComparison.Ordinal);

        var dup = cut.Find("#doctor-duplicates");
        Assert.Contains("prometheus_replica", dup.TextContent, StringComparison.Ordinal);
        Assert.Contains("executor_id=\"1\"", dup.TextContent, StringComparison.Ordinal);

        Assert.Equal(["spark-native", "jmx-exporter"], cut.FindAll(".doctor-profile").Select(p => p.GetAttribute("data-profile")));
        var rows = cut.FindAll(".doctor-check");
        Assert.Equal(["missing", "found"], rows.Take(2).Select(r => r.GetAttribute("data-status")));
        Assert.Contains("spark.metrics.namespace was left at its default", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("metrics_sessionize_candidate_driver_ExecutorMetrics_JVMHeapMemory_Value", rows[0].QuerySelector("details code")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportView_OnlyInfoFindings_NotesHeadingHealthyStatus()
    {
        var report = Report() with
        {
            Duplicates = [],
            ScrapeInterval = new ScrapeIntervalCheck(15, 15, 12, null, "Scraped every 15 s (median of 12 gaps), as configured (15 s).", false, null),
            Findings = [new DoctorFinding(FindingSeverity.Info, DoctorHints.JmxExporterMissing("x"), ["jmx-exporter: GC time (executor)"])],
        };

        var cut = Render<DataSourceReportView>(p => p.Add(v => v.Model, DataSourcePageModel.From(report)));

        Assert.Equal("healthy", cut.Find("#doctor-status").GetAttribute("data-status"));
        Assert.Contains("Notes", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("What to fix", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("No duplicated series in the run's window.", cut.Find("#doctor-duplicates-none").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_PrometheusDown_ShowsNotReachableAndNoProfiles()
    {
        Services.AddSingleton<ITimeSeriesSource>(new DownSource());
        Services.AddSingleton(sp => new DataSourceDoctor(sp.GetRequiredService<ITimeSeriesSource>(), MetricCatalog.Default,
            new RunDiscovery(sp.GetRequiredService<ITimeSeriesSource>()), new DataSourceDoctorOptions(), Clock));
        Services.AddScoped<DataSourcePageService>();
        RenderAsInteractiveServer();

        var cut = Render<DataSource>();

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("#doctor-status").GetAttribute("data-status")));
        Assert.Contains("not reachable", cut.Find("#doctor-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("false", cut.Find("#doctor-server").GetAttribute("data-reachable"));
        Assert.Empty(cut.FindAll(".doctor-profile"));
        Assert.Equal("/api/doctor", cut.Find("#doctor-json").GetAttribute("href"));
    }

    [Fact]
    public void Page_RunInQuery_CheckButtonNavigatesWithTheNewRun()
    {
        Services.AddSingleton<ITimeSeriesSource>(new DownSource());
        Services.AddSingleton(sp => new DataSourceDoctor(sp.GetRequiredService<ITimeSeriesSource>(), MetricCatalog.Default,
            new RunDiscovery(sp.GetRequiredService<ITimeSeriesSource>()), new DataSourceDoctorOptions(), Clock));
        Services.AddScoped<DataSourcePageService>();
        RenderAsInteractiveServer();
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/datasource?run=spark-a");

        var cut = Render<DataSource>();
        cut.WaitForAssertion(() => cut.Find("#doctor-status"));
        Assert.Equal("/api/doctor?run=spark-a", cut.Find("#doctor-json").GetAttribute("href"));
        cut.Find("input#doctor-run-id").Change("spark-b c");
        cut.Find("#doctor-check").Click();

        Assert.EndsWith("/datasource?run=spark-b%20c", nav.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusChip_ReachableWithoutVersion_VersionUnknownLinkingToTheDataSourcePage()
    {
        var cut = Render<DataSourceStatusChip>(p => p.Add(c => c.Status, new DataSourceStatus(true, "http://vm.test:8428", null, null, Now)));

        var chip = cut.Find("#prometheus-status");
        Assert.Equal("connected", chip.GetAttribute("data-state"));
        Assert.Equal("unknown", chip.GetAttribute("data-version"));
        Assert.Contains("version unknown", chip.TextContent, StringComparison.Ordinal);
        Assert.Equal("/datasource", chip.GetAttribute("href"));
    }

    [Fact]
    public void StatusChip_Unreachable_LinksToTheDataSourcePage()
    {
        var cut = Render<DataSourceStatusChip>(p => p.Add(c => c.Status, new DataSourceStatus(false, "http://prom.test:9090", null, "Connection refused", Now)));

        Assert.Equal("/datasource", cut.Find("#prometheus-status").GetAttribute("href"));
    }

    private sealed class DownSource : ITimeSeriesSource
    {
        public string Describe => "http://prometheus.test:9090";

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) =>
            throw new DataSourceException("unreachable", "Prometheus at http://prometheus.test:9090 is not reachable: Connection refused");

        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
