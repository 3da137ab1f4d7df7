using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Cli;
using SparkTuner.Clients.Tests.Integration.Truth;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Diagnostics;

namespace SparkTuner.Clients.Tests.Doctor;

/// <summary>
/// The data-source check on the shared truth cases, each loaded into a real Prometheus and a real VictoriaMetrics
/// (the truth tests' fixtures): the right cause and setting is named for each situation, on both backends.
/// </summary>
public static class DoctorOnTruthCase
{
    /// <summary>The doctor as the app registers it (AddSparkTuner) over <paramref name="backend"/>, most recent run.</summary>
    public static Task<DoctorReport> CheckAsync(TruthCaseFixture fx, string backend, string? runId = null) =>
        fx.Services(backend).GetRequiredService<DataSourceDoctor>().CheckAsync(runId);

    public static MetricCheck Check(DoctorReport r, string profile, string metric, MetricScope scope) =>
        r.Profiles.Single(p => p.Name == profile).Metrics.Single(m => m.MetricId == metric && m.Scope == scope);

    /// <summary>VictoriaMetrics 1.79 names no version; Prometheus does.</summary>
    public static void AssertServer(DoctorReport r, string backend)
    {
        Assert.True(r.Server.Reachable);
        if (backend == TruthCaseFixture.VictoriaMetrics)
        {
            Assert.Null(r.Server.Version);
            Assert.Equal("reachable, version unknown", r.Server.Summary);
        }
        else
        {
            Assert.Matches(@"^\d+\.\d+", r.Server.Version);
        }
    }
}

public sealed class DefaultNamespaceDoctorTests(DefaultNamespaceFixture fx) : IClassFixture<DefaultNamespaceFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_ServletNamedByApplicationId_NamesTheNamespaceSetting(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend);

        DoctorOnTruthCase.AssertServer(report, backend);
        Assert.Equal(fx.Case.Candidate.Id, report.Run!.Run!.Id);
        Assert.Empty(report.Errors);
        var heap = DoctorOnTruthCase.Check(report, "spark-native", "jvm_heap", MetricScope.Driver);
        // The comparison reads the driver heap through the application-id name; the doctor says why and what to set.
        Assert.Equal(CheckStatus.Found, heap.Status);
        Assert.Equal(HintKind.ServletNamespaceDefault, heap.Hint!.Kind);
        Assert.Equal("spark.metrics.namespace=${spark.app.name}", heap.Hint.Setting);
        Assert.Contains("metrics_spark_0c03bbbb1111222233334444555566b2_driver_*", heap.Hint.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_sessionize_candidate_driver_*", heap.Hint.Message, StringComparison.Ordinal);
        // A servlet line that exists under neither name is missing, for the same reason.
        var storage = DoctorOnTruthCase.Check(report, "spark-native", "storage_memory", MetricScope.Driver);
        Assert.Equal(CheckStatus.Missing, storage.Status);
        Assert.Equal(HintKind.ServletNamespaceDefault, storage.Hint!.Kind);
        var finding = Assert.Single(report.Findings, f => f.Hint.Kind == HintKind.ServletNamespaceDefault);
        Assert.Equal(FindingSeverity.Problem, finding.Severity);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
    }

    [Fact]
    public void Cli_DoctorJson_SameCauseAndExitOne()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);

        var code = CommandDispatcher.Run(["doctor", "--json", "--prometheus", fx.BaseUrl(TruthCaseFixture.Prometheus), "--scrape-interval", "15s"], o, e);

        Assert.True(code == 1, e.ToString());
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Equal("problems", doc.RootElement.GetProperty("status").GetString());
        var kinds = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("hint").GetProperty("kind").GetString()).ToList();
        Assert.Contains("servletNamespaceDefault", kinds);
    }

    [Fact]
    public void Cli_DoctorTable_NamesTheSettingAndTheStatus()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(["doctor", "--prometheus", fx.BaseUrl(TruthCaseFixture.Prometheus), "--scrape-interval", "15s"], o, TextWriter.Null);

        Assert.Equal(1, code);
        var text = o.ToString();
        Assert.Contains("Profile spark-native (enabled)", text, StringComparison.Ordinal);
        Assert.Contains("setting: spark.metrics.namespace=${spark.app.name}", text, StringComparison.Ordinal);
        Assert.Contains("Status: problems found, see the findings (exit 1)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" \n", text, StringComparison.Ordinal);
    }
}

public sealed class Spark30NamesDoctorTests(Spark30NamesFixture fx) : IClassFixture<Spark30NamesFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_Spark30EndpointNames_RowsReadThroughThemWithTheSpark30Hint(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend);

        DoctorOnTruthCase.AssertServer(report, backend);
        Assert.Equal(fx.Case.Candidate.Id, report.Run!.Run!.Id);
        Assert.Empty(report.Errors);
        var task = DoctorOnTruthCase.Check(report, "spark-native", "task_time", MetricScope.Executor);
        Assert.Equal(CheckStatus.Found, task.Status);
        Assert.Equal(HintKind.Spark30Names, task.Hint!.Kind);
        Assert.Contains("metrics_executor_totalDuration_Value", task.Hint.Message, StringComparison.Ordinal);
        Assert.Contains("metrics_executor_totalDuration_seconds_total", task.Hint.Message, StringComparison.Ordinal);
        // A line Spark 3.0's endpoint never wrote here is missing, and still explained by the Spark 3.0 endpoint.
        var gc = DoctorOnTruthCase.Check(report, "spark-native", "gc_time", MetricScope.Executor);
        Assert.Equal(CheckStatus.Missing, gc.Status);
        Assert.Equal(HintKind.Spark30Names, gc.Hint!.Kind);
        Assert.Contains(report.Findings, f => f.Hint.Kind == HintKind.Spark30Names);
        Assert.Equal(1, report.ExitCode);
    }
}

public sealed class HaReplicasDoctorTests(HaReplicasFixture fx) : IClassFixture<HaReplicasFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_EverySeriesTwice_DuplicatesDifferingInTheReplicaLabelWithTheThanosSetting(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend);

        DoctorOnTruthCase.AssertServer(report, backend);
        Assert.Equal(fx.Case.Candidate.Id, report.Run!.Run!.Id);
        Assert.Empty(report.Errors);
        var endpoint = Assert.Single(report.Duplicates, d => d.What.StartsWith("executor-endpoint", StringComparison.Ordinal));
        Assert.Equal(2, endpoint.Copies);
        Assert.Equal(15, endpoint.Identities); // driver + 2 executors × 5 lines
        Assert.Equal(["prometheus_replica"], endpoint.DifferingLabels);
        Assert.Equal("--query.replica-label=prometheus_replica", endpoint.Hint.Setting);
        Assert.Contains(report.Duplicates, d => d.What.StartsWith("driver-servlet", StringComparison.Ordinal) && d.Copies == 2);
        Assert.Equal(HintKind.Duplicates, report.Findings[0].Hint.Kind);
        Assert.Equal(FindingSeverity.Problem, report.Findings[0].Severity);
        // Two copies scraped 4.2 s apart: each series is still scraped every 15 s.
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
        Assert.False(report.ScrapeInterval.Mismatch);
    }

    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_BaselineRunById_OneCopyNoDuplicates(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend, fx.Case.Baseline.Id);

        Assert.Equal(fx.Case.Baseline.Id, report.Run!.Run!.Id);
        Assert.Empty(report.Duplicates);
    }
}

public sealed class ExportedLabelsDoctorTests(ExportedLabelsFixture fx) : IClassFixture<ExportedLabelsFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_KubePodLabelsWithExportedLabels_HonorLabelsNamedAndWorkingSetFound(string backend)
    {
        // The fixture discovers runs through kube_pod_labels (Runs:DiscoveryProfile=kubernetes).
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend);

        DoctorOnTruthCase.AssertServer(report, backend);
        Assert.Equal(fx.Case.Candidate.Id, report.Run!.Run!.Id);
        Assert.Equal("kube_pod_labels", report.Run.DiscoveryMetric);
        Assert.Empty(report.Errors);
        // The pods are read through exported_namespace/exported_pod, so the rows have data; the clash is still named.
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "kubernetes", "working_set", MetricScope.Driver).Status);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "kubernetes", "working_set", MetricScope.Executor).Status);
        var honor = Assert.Single(report.Findings, f => f.Hint.Kind == HintKind.HonorLabels);
        Assert.Equal("honor_labels: true", honor.Hint.Setting);
        Assert.Contains("exported_namespace/exported_pod", honor.Hint.Message, StringComparison.Ordinal);
        Assert.NotEqual(FindingSeverity.Info, honor.Severity);
        // No duplicates: the kube-state-metrics pod's namespace/pod is shared, the exported ones tell the pods apart.
        Assert.Empty(report.Duplicates);
    }

    [Fact]
    public void Cli_SparkNativeDiscovery_NoRunButTheHonorLabelsHint()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(["doctor", "--json", "--prometheus", fx.BaseUrl(TruthCaseFixture.Prometheus), "--scrape-interval", "15s"], o, TextWriter.Null);

        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("run").GetProperty("run").ValueKind);
        Assert.Contains("metrics_executor_totalCores", doc.RootElement.GetProperty("run").GetProperty("message").GetString(), StringComparison.Ordinal);
        var settings = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("hint").GetProperty("setting").GetString()).ToList();
        Assert.Contains("honor_labels: true", settings);
    }
}

/// <summary>The remaining truth cases: the doctor finds the run, reads the interval from raw samples and reports no false copies.</summary>
public sealed class FinalScrapeDoctorTests(FinalScrapeFixture fx) : IClassFixture<FinalScrapeFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_UnalignedScrapes_IntervalFromRawSamplesAndTaskTimeFound(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend, fx.Case.Baseline.Id);

        DoctorOnTruthCase.AssertServer(report, backend);
        Assert.Equal(fx.Case.Baseline.Id, report.Run!.Run!.Id);
        Assert.Empty(report.Errors);
        // Scrapes at x.437 s, 15 s apart: the raw gaps, not a query step.
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
        Assert.False(report.ScrapeInterval.Mismatch);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "spark-native", "task_time", MetricScope.Executor).Status);
        Assert.Empty(report.Duplicates);
    }
}

public sealed class CompletedDriverPodDoctorTests(CompletedDriverPodFixture fx) : IClassFixture<CompletedDriverPodFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_KubernetesDiscovery_RunIsTheDriverContainersLifeAndWorkingSetFound(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend, fx.Case.Baseline.Id);

        Assert.Equal("kube_pod_labels", report.Run!.DiscoveryMetric);
        var run = report.Run.Run!;
        Assert.Equal(fx.Case.Baseline.Id, run.Id);
        // The driver pod stayed Completed for ~85 min; the run is the 600 s its driver container ran.
        Assert.Equal(600, run.Duration.TotalSeconds, 3);
        Assert.Empty(report.Errors);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "kubernetes", "working_set", MetricScope.Driver).Status);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "kubernetes", "working_set", MetricScope.Executor).Status);
        Assert.Empty(report.Duplicates);
    }
}

public sealed class StillRunningDoctorTests(StillRunningFixture fx) : IClassFixture<StillRunningFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_MostRecentRun_IsTheRunningCandidate(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend);

        var run = report.Run!.Run!;
        Assert.Equal(fx.Case.Candidate.Id, run.Id);
        Assert.Equal(Core.Runs.RunState.Running, run.State);
        Assert.Empty(report.Errors);
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "spark-native", "shuffle_read", MetricScope.Executor).Status);
    }
}

public sealed class LongAppDoctorTests(LongAppFixture fx) : IClassFixture<LongAppFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_FiftyHourRun_ReadsItWhole(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend, fx.Case.Baseline.Id);

        var run = report.Run!.Run!;
        Assert.Equal(fx.Case.Baseline.Id, run.Id);
        Assert.Equal(180_000, run.Duration.TotalSeconds, 3);
        Assert.Empty(report.Errors);
        Assert.Equal(15, report.ScrapeInterval!.DetectedSeconds);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "spark-native", "jvm_heap", MetricScope.Driver).Status);
        Assert.Equal(CheckStatus.Found, DoctorOnTruthCase.Check(report, "spark-native", "storage_memory", MetricScope.Executor).Status);
        Assert.Empty(report.Duplicates);
    }
}

public sealed class OddNamesDoctorTests(OddNamesFixture fx) : IClassFixture<OddNamesFixture>
{
    [Theory]
    [MemberData(nameof(TruthCaseFixture.Backends), MemberType = typeof(TruthCaseFixture))]
    public async Task Doctor_NameWithSpacesDashUmlautPlus_ServletFoundByItsKey(string backend)
    {
        var report = await DoctorOnTruthCase.CheckAsync(fx, backend, fx.Case.Baseline.Id);

        Assert.Equal("Orders ETL (v2) – Zürich.daily+3f9c1-baseline", report.Run!.Run!.Name);
        Assert.Empty(report.Errors);
        var heap = DoctorOnTruthCase.Check(report, "spark-native", "jvm_heap", MetricScope.Driver);
        Assert.Equal(CheckStatus.Found, heap.Status);
        Assert.Null(heap.Hint);
        Assert.Empty(report.Duplicates);
    }
}
