using SparkTuner.Core.Advice;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Spark;
using static SparkTuner.Core.Tests.Advice.AdvisorBuilder;

namespace SparkTuner.Core.Tests.Advice;

public sealed class AdvisorTests
{
    private const long MiB = SparkSize.MiB;

    private static readonly SparkJob[] Jobs = [new() { JobId = 0, Name = "job", Status = "SUCCEEDED", StageIds = [0, 1] }];

    private static SparkRddStorage Rdd(int id, long memory, int cached = 8, int total = 8) => new(id, "df1", total, cached, "Memory Deserialized 1x Replicated", memory, 0);

    [Fact]
    public void Advise_ChangedFindingsFirst_ThenSame()
    {
        var props = Props(("spark.executor.memory", "4g"));
        var baseline = Run([Executor("1", 1000, 150)], [Stage(0, shuffleRead: 1000, failed: 10, tasks: 90)], props, id: "b");
        var candidate = Run([Executor("1", 1000, 85)], [Stage(0, shuffleRead: 1000, spillMemory: 300, failed: 10, tasks: 90)], props, id: "c");

        var report = Advisor.Advise(baseline, candidate);

        Assert.Equal(["spill", "gc-high", "task-failures"], report.Findings.Select(f => f.RuleId));
        Assert.Equal([FindingChange.New, FindingChange.Better, FindingChange.Same], report.Findings.Select(f => f.Change));
        Assert.Equal(Severity.Severe, report.Findings[0].CandidateSeverity);
        Assert.Equal(Severity.Severe, report.Findings[1].BaselineSeverity);
        Assert.Equal(Severity.Low, report.Findings[1].CandidateSeverity);
    }

    [Fact]
    public void Advise_ResolvedAndWorse()
    {
        var baseline = Run([Executor("1", 1000, 80)], [Stage(0, shuffleRead: 1000, spillMemory: 10)], id: "b");
        var candidate = Run([Executor("1", 1000, 200)], [Stage(0, shuffleRead: 1000)], id: "c");
        var report = Advisor.Advise(baseline, candidate);
        Assert.Equal(FindingChange.Worse, report.Findings.Single(f => f.RuleId == "gc-high").Change);
        Assert.Equal(FindingChange.Resolved, report.Findings.Single(f => f.RuleId == "spill").Change);
        Assert.Contains(report.Notes, n => n.Contains("spark.executor.memory", StringComparison.Ordinal));
    }

    [Fact]
    public void CachePayoff_ReadByLaterStages_PaidOffNamingBothSides()
    {
        var baseline = Run(stages: [Stage(0, "count", 100, rdds: [0, 1]), Stage(1, "collect", 100, rdds: [3])], id: "b", jobs: Jobs);
        var candidate = Run(stages: [Stage(0, "count", 110, rdds: [0, 1, 2]), Stage(1, "collect", 20, rdds: [2, 3])],
            storage: [Rdd(2, 512 * MiB)], id: "c", jobs: Jobs);

        var verdict = Advisor.CachePayoff(baseline, candidate);

        Assert.Equal(CacheOutcome.PaidOff, verdict.Outcome);
        Assert.Equal(200, verdict.BaselineStageSeconds);
        Assert.Equal(130, verdict.CandidateStageSeconds);
        Assert.Equal(-70, verdict.StageSecondsChange);
        Assert.StartsWith("paid off: −70 s of stage time for 512 MiB of storage memory, no spill", verdict.Verdict);
        Assert.Contains("in c against 200 s in b, which recomputed it", verdict.Verdict);
        Assert.Equal([0, 1], verdict.Datasets.Single().ReadingStages.Select(s => s.CandidateStageId));
        Assert.Equal([0, 1], verdict.Datasets.Single().ReadingStages.Select(s => s.BaselineStageId));
    }

    [Fact]
    public void CachePayoff_ReadOnce_DidNotPayOff()
    {
        var baseline = Run(stages: [Stage(0, "count", 100, rdds: [0, 1]), Stage(1, "collect", 100, rdds: [3])], id: "b", jobs: Jobs);
        var candidate = Run(stages: [Stage(0, "count", 125, rdds: [0, 1, 2]), Stage(1, "collect", 100, rdds: [3])],
            storage: [Rdd(2, 512 * MiB, cached: 6)], id: "c", jobs: Jobs);

        var verdict = Advisor.CachePayoff(baseline, candidate);

        Assert.Equal(CacheOutcome.DidNotPayOff, verdict.Outcome);
        Assert.StartsWith("did not pay off: +25 s of stage time", verdict.Verdict);
        Assert.Contains("read by one stage only", verdict.Verdict);
        Assert.True(verdict.Evicted);
        Assert.Equal(0.75, verdict.Datasets.Single().FractionCached);
    }

    [Fact]
    public void CachePayoff_SmallDifference_NoClearEffect_AndNothingCached()
    {
        var baseline = Run(stages: [Stage(0, "count", 100, rdds: [0])], id: "b", jobs: Jobs);
        var candidate = Run(stages: [Stage(0, "count", 97, rdds: [0, 2])], storage: [Rdd(2, MiB)], id: "c", jobs: Jobs);
        Assert.Equal(CacheOutcome.NoClearEffect, Advisor.CachePayoff(baseline, candidate).Outcome);
        Assert.Equal(CacheOutcome.NothingCached, Advisor.CachePayoff(candidate, baseline).Outcome);
    }

    [Fact]
    public void MemoryView_LargestExecutorByPeak_ReadingsSayWhatFitted()
    {
        var run = Run([Executor("driver", 0, 0, peakHeap: 300 * MiB), Executor("1", peakHeap: 1000 * MiB, peakStorage: 100 * MiB, peakExecution: 10 * MiB),
                Executor("2", peakHeap: 3000 * MiB, peakStorage: 1500 * MiB, peakExecution: 1300 * MiB)],
            [Stage(0, spillMemory: 5 * MiB, spillDisk: 2 * MiB)], Props(("spark.executor.memory", "4g")));

        var view = Advisor.MemoryView("candidate", run, SparkProcess.Executor)!;

        Assert.Equal("2", view.ExecutorId);
        Assert.Equal(5 * MiB, view.SpillMemoryBytes);
        // storage region 1138.8 MiB: 1500 MiB borrowed beyond it; execution region 1138.8 MiB: 1300 MiB squeezed storage.
        Assert.Contains(view.Readings, r => r.StartsWith("Storage borrowed", StringComparison.Ordinal));
        Assert.Contains(view.Readings, r => r.StartsWith("Execution borrowed", StringComparison.Ordinal));
        Assert.Equal("driver", Advisor.MemoryView("candidate", run, SparkProcess.Driver)!.ExecutorId);
    }

    [Fact]
    public void Advice_OnComparisonResult_RoundTripsThroughComparisonJson()
    {
        var baseline = Run([Executor("1", 1000, 150, peakHeap: 2000 * MiB)], [Stage(0, "count", 100, rdds: [0])], id: "b", jobs: Jobs);
        var candidate = Run([Executor("1", 1000, 50, peakHeap: 2500 * MiB)], [Stage(0, "count", 50, rdds: [0, 2])], storage: [Rdd(2, MiB)], id: "c", jobs: Jobs);
        var result = new ComparisonResult(new SideInfo("b", []), new SideInfo("c", []), [], []) { Advice = Advisor.Advise(baseline, candidate) };

        var json = ComparisonJson.Serialize(result);
        var back = ComparisonJson.Deserialize(json);

        Assert.Contains("\"advice\":{", json, StringComparison.Ordinal);
        Assert.Contains("\"change\":\"resolved\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"paid_off\"", json, StringComparison.Ordinal);
        Assert.Equal(json, ComparisonJson.Serialize(back));
        Assert.DoesNotContain("advice", ComparisonJson.Serialize(result with { Advice = null }), StringComparison.Ordinal);
    }
}
