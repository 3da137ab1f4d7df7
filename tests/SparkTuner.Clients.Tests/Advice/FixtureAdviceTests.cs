using SparkTuner.Clients.Tests.Spark;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Tests.Advice;

/// <summary>
/// The advisor's rules on Spark's own REST answers (HistoryServerSuite expectation files in ../shared/spark-fixtures/rest),
/// read by the real client from the fixture server. Each fixture comes from a different application, so each test feeds
/// the rules what one file holds; expected values are worked out from the file's numbers in the comments.
/// </summary>
public sealed class FixtureAdviceTests
{
    private const long MiB = SparkSize.MiB;

    private static AdvisorInput Input(IReadOnlyList<SparkExecutor>? executors = null, IReadOnlyList<SparkStage>? stages = null,
        IReadOnlyDictionary<string, string>? properties = null, IReadOnlyDictionary<int, StageTaskDurations>? durations = null) =>
        new("fixture", "fixture", properties ?? new Dictionary<string, string>(), executors ?? [], stages ?? [], [], [], durations);

    [Theory]
    [InlineData("3.5")]
    [InlineData("4.0")]
    public async Task ExecutorMetricsFixture_MemoryRulesOnRealPeaks(string version)
    {
        await using var server = SparkFixtureServer.Start(version);
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var executors = await sp.Source().ExecutorsAsync("application_1553914137147_0018");
        var run = Input(executors, properties: new Dictionary<string, string> { ["spark.executor.memory"] = "7g" });

        // Executor 1 peaks at 984736560 B of JVM heap: 7 GiB / (984736560 + 300 MiB) = 5.78 → severe (4 ≤ x < 8).
        var over = AdvisorRules.ExecutorMemoryOver.Evaluate(AdvisorRules.ExecutorMemoryOver, run)!;
        Assert.Equal(Severity.Severe, over.Severity);
        Assert.Equal(7L * 1024 * MiB / (double)(984736560 + 300 * MiB), over.Evidence[0].Value, 9);
        Assert.Contains("executor 1", over.Summary, StringComparison.Ordinal);
        // (984736560 + 300 MiB) × 1.25 = 1.51 GiB → 1.75 GiB in 256 MiB steps, never below the 2 GiB Dr. Elephant leaves alone.
        Assert.Equal(new Recommendation("spark.executor.memory", "2g", "(peak JVM heap + 300 MiB) × 1.25, rounded up to 256 MiB"), over.Recommendation);
        Assert.Equal(Severity.None, AdvisorRules.ExecutorMemoryUnder.Evaluate(AdvisorRules.ExecutorMemoryUnder, run)!.Severity);

        // GC: (151 + 121 + 147 + 0) ms of (31015 + 30302 + 44900 + 62168) ms = 0.25 %: not high; too little task time to call it low.
        var gcHigh = AdvisorRules.GcHigh.Evaluate(AdvisorRules.GcHigh, run)!;
        Assert.Equal(419.0 / 168385, gcHigh.Evidence[0].Value, 9);
        Assert.Equal(Severity.None, gcHigh.Severity);
        Assert.Equal(Severity.None, AdvisorRules.GcLow.Evaluate(AdvisorRules.GcLow, run)!.Severity);

        // Without the environment Spark's default 1g applies, and is named: 984736560 B is 91.7 % of it → severe under-provisioning.
        var defaulted = Input(executors);
        var under = AdvisorRules.ExecutorMemoryUnder.Evaluate(AdvisorRules.ExecutorMemoryUnder, defaulted)!;
        Assert.Equal(Severity.Severe, under.Severity);
        var view = Advisor.MemoryView("baseline", defaulted, SparkProcess.Executor)!;
        Assert.Equal("1", view.ExecutorId);
        Assert.Contains("spark.executor.memory", view.Model.Settings.Defaulted);
        Assert.Equal(3820172083, view.ReportedMaxMemoryBytes);
        Assert.Equal(19560, view.PeakStorageBytes);
    }

    [Fact]
    public async Task StageListFixture_FailuresCountedAndFewTasksNotJudgedAsTiny()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var source = sp.Source();
        var run = Input(await source.ExecutorsAsync("local-1422981780767"), await source.StagesAsync("local-1422981780767"));

        // Stage 2 FAILED with 1 failed task of 8; 4 stages × 8 tasks → 1 / 33 = 3.0 % < 5 %.
        var failures = AdvisorRules.TaskFailures.Evaluate(AdvisorRules.TaskFailures, run)!;
        Assert.Equal(1.0 / 33, failures.Evidence[0].Value, 12);
        Assert.Equal(2, failures.Evidence[1].StageId);
        Assert.Equal(Severity.None, failures.Severity);
        // Stage 1 read 28000128 input bytes in 8 tasks: 3.3 MiB per task, far below 128 MiB.
        var large = AdvisorRules.LargePartitions.Evaluate(AdvisorRules.LargePartitions, run)!;
        Assert.Equal(1, large.Evidence[0].StageId);
        Assert.Equal(28000128 / 8.0, large.Evidence[0].Value);
        Assert.Equal(Severity.None, large.Severity);
        // No stage spilled.
        Assert.Equal(Severity.None, AdvisorRules.Spill.Evaluate(AdvisorRules.Spill, run)!.Severity);
    }

    [Fact]
    public async Task TaskSummaryFixtures_SkewFromRealQuantiles()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var api = sp.Api();

        // taskSummary at Spark's default quantiles (0.05 … 0.95): the median is there, the max is the 95th percentile (79 ms).
        var summary = SparkTuner.Clients.Spark.SparkRestMapper.TaskDurations(1, await api.GetTaskSummaryAsync("local-1430917381534", 1, 0))!;
        Assert.Equal(new StageTaskDurations(1, 75, 79), summary);
        // The stage-with-summaries fixture's distributions (0, 0.25, 0.5, 0.75, 1): median 1598 ms, max 1624 ms.
        var stage = await api.GetStageAttemptAsync("app-20200706201101-0003", 2, 0, withSummaries: true);
        Assert.NotNull(stage);
        var skew = AdvisorRules.TaskSkew.Evaluate(AdvisorRules.TaskSkew, Input(durations: new Dictionary<int, StageTaskDurations>
        {
            [1] = summary,
            [2] = new(2, 1598, 1624),
        }))!;
        // Both longest tasks are under DataFlint's 5 s: nothing to judge.
        Assert.Equal(Severity.None, skew.Severity);
        Assert.Contains("under 5 s", skew.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StagesWithPeakMetricsFixture_AdviseBothSidesOnRealStages()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var stages = await sp.Source().StagesAsync("app-20200706201101-0003");
        var executors = await sp.Source().ExecutorsAsync("application_1553914137147_0018");
        // The two files come from different applications: the memory rules get the executors, the stage rules the stages.
        var baseline = Input(executors, properties: new Dictionary<string, string> { ["spark.executor.memory"] = "7g" });
        var candidate = Input(executors, properties: new Dictionary<string, string> { ["spark.executor.memory"] = "1g" });

        var report = Advisor.Advise(baseline, candidate);

        // Stage 0 ran 16 tasks in 1292 ms of executor time: 80.75 ms each → moderate (≤ 100 ms); 7 partitions make them 200 ms.
        var tiny = AdvisorRules.TinyTasks.Evaluate(AdvisorRules.TinyTasks, Input(stages: stages))!;
        Assert.Equal(Severity.Moderate, tiny.Severity);
        Assert.Equal(0, tiny.Evidence[0].StageId);
        Assert.Equal(1292 / 16.0, tiny.Evidence[0].Value, 9);
        Assert.Equal("7", tiny.Recommendation!.Value);

        // 7g: over-provisioned (severe); 1g: executor 1's peak is 91.7 % of it (severe under-provisioning, new).
        Assert.Equal(["executor-memory-under", "executor-memory-over"], report.Findings.Select(f => f.RuleId));
        Assert.Equal([FindingChange.New, FindingChange.Resolved], report.Findings.Select(f => f.Change));
        Assert.Equal(CacheOutcome.NothingCached, report.Cache.Outcome);
    }
}
