using SparkTuner.Core.Advice;
using static SparkTuner.Core.Tests.Advice.AdvisorBuilder;

namespace SparkTuner.Core.Tests.Advice;

/// <summary>Every rule just below its low threshold and exactly at each of its four thresholds.</summary>
public sealed class AdvisorRuleThresholdTests
{
    private const long MiB = SparkSize.MiB;

    private static Severity Rate(AdvisorRule rule, AdvisorInput run) => rule.Evaluate(rule, run)?.Severity ?? throw new InvalidOperationException("not evaluated");

    [Theory]
    [InlineData(79, Severity.None)]
    [InlineData(80, Severity.Low)]
    [InlineData(100, Severity.Moderate)]
    [InlineData(150, Severity.Severe)]
    [InlineData(200, Severity.Critical)]
    public void GcHigh_GcSecondsOf1000TaskSeconds(double gc, Severity expected)
    {
        var finding = AdvisorRules.GcHigh.Evaluate(AdvisorRules.GcHigh, Run([Executor("1", 1000, gc)]))!;
        Assert.Equal(expected, finding.Severity);
        Assert.Equal(gc / 1000, finding.Evidence[0].Value);
        Assert.Equal("gc_time", finding.Evidence[0].MetricId);
        Assert.Equal(expected == Severity.None, finding.Recommendation is null);
    }

    [Fact]
    public void GcHigh_Recommends15TimesTheHeap()
    {
        var run = Run([Executor("1", 1000, 200)], properties: Props(("spark.executor.memory", "4g")));
        Assert.Equal(new Recommendation("spark.executor.memory", "6g", "1.5 × the current 4g: more heap for the same tasks means fewer collections"),
            AdvisorRules.GcHigh.Evaluate(AdvisorRules.GcHigh, run)!.Recommendation);
    }

    [Theory]
    [InlineData(51, "4g", 1000, Severity.None)]
    [InlineData(50, "4g", 1000, Severity.Low)]
    [InlineData(40, "4g", 1000, Severity.Moderate)]
    [InlineData(30, "4g", 1000, Severity.Severe)]
    [InlineData(10, "4g", 1000, Severity.Critical)]
    [InlineData(10, "2g", 1000, Severity.None)] // not judged at or below 2 GiB
    [InlineData(2.99, "4g", 299, Severity.None)] // not judged under 300 s of task time
    public void GcLow_DescendingLadder(double gc, string heap, double task, Severity expected) =>
        Assert.Equal(expected, Rate(AdvisorRules.GcLow, Run([Executor("1", task, gc)], properties: Props(("spark.executor.memory", heap)))));

    [Theory]
    [InlineData(7893, Severity.None)]
    [InlineData(7892, Severity.Low)]     // 12288 / (7892 + 300) = 1.5
    [InlineData(5844, Severity.Moderate)] // 2
    [InlineData(2772, Severity.Severe)]  // 4
    [InlineData(1236, Severity.Critical)] // 8
    public void ExecutorMemoryOver_HeapOverPeakPlusReserved(long peakMiB, Severity expected)
    {
        var run = Run([Executor("1", peakHeap: peakMiB * MiB), Executor("2", peakHeap: 100 * MiB)], properties: Props(("spark.executor.memory", "12g")));
        var finding = AdvisorRules.ExecutorMemoryOver.Evaluate(AdvisorRules.ExecutorMemoryOver, run)!;
        Assert.Equal(expected, finding.Severity);
        Assert.Equal(peakMiB * MiB, finding.Evidence[1].Value);
    }

    [Fact]
    public void ExecutorMemoryOver_2gOrLess_NotJudged_AndSuggestionIsPeakPlusReservedTimes125()
    {
        Assert.Equal(Severity.None, Rate(AdvisorRules.ExecutorMemoryOver, Run([Executor("1", peakHeap: 1 * MiB)], properties: Props(("spark.executor.memory", "2g")))));
        var finding = AdvisorRules.ExecutorMemoryOver.Evaluate(AdvisorRules.ExecutorMemoryOver,
            Run([Executor("1", peakHeap: 2772 * MiB)], properties: Props(("spark.executor.memory", "12g"))))!;
        // (2772 + 300) × 1.25 = 3840 MiB, a multiple of 256 MiB.
        Assert.Equal("3840m", finding.Recommendation!.Value);
    }

    [Theory]
    [InlineData(799, Severity.None)]
    [InlineData(800, Severity.Low)]
    [InlineData(850, Severity.Moderate)]
    [InlineData(900, Severity.Severe)]
    [InlineData(950, Severity.Critical)]
    public void ExecutorAndDriverMemoryUnder_PeakOverHeap(long peakMiB, Severity expected)
    {
        var props = Props(("spark.executor.memory", "1000m"), ("spark.driver.memory", "1000m"));
        Assert.Equal(expected, Rate(AdvisorRules.ExecutorMemoryUnder, Run([Executor("1", peakHeap: peakMiB * MiB)], properties: props)));
        Assert.Equal(expected, Rate(AdvisorRules.DriverMemoryUnder, Run([Executor("driver", 0, 0, peakHeap: peakMiB * MiB)], properties: props)));
    }

    [Fact]
    public void DriverMemoryOver_UsesDriverOnly()
    {
        var run = Run([Executor("driver", 0, 0, peakHeap: 1236 * MiB), Executor("1", peakHeap: 10_000 * MiB)], properties: Props(("spark.driver.memory", "12g")));
        Assert.Equal(Severity.Critical, Rate(AdvisorRules.DriverMemoryOver, run));
        Assert.Null(AdvisorRules.DriverMemoryOver.Evaluate(AdvisorRules.DriverMemoryOver, Run([Executor("1", peakHeap: MiB)])));
    }

    [Theory]
    [InlineData(9, Severity.None)]
    [InlineData(10, Severity.Low)]
    [InlineData(100, Severity.Moderate)]
    [InlineData(250, Severity.Severe)]
    [InlineData(500, Severity.Critical)]
    public void Spill_SpillOverDataProcessed_WorstStage(long spill, Severity expected)
    {
        var finding = AdvisorRules.Spill.Evaluate(AdvisorRules.Spill, Run(stages: [Stage(0, shuffleRead: 1000), Stage(3, shuffleRead: 1000, spillMemory: spill, spillDisk: spill / 3)]))!;
        Assert.Equal(expected, finding.Severity);
        Assert.Equal(3, finding.Evidence[0].StageId);
        Assert.Equal("spill_memory", finding.Evidence[1].MetricId);
    }

    [Theory]
    [InlineData(5000, 9999, Severity.None)]
    [InlineData(5000, 10000, Severity.Low)]
    [InlineData(5000, 20000, Severity.Moderate)]
    [InlineData(5000, 40000, Severity.Severe)]
    [InlineData(5000, 80000, Severity.Critical)]
    [InlineData(100, 4999, Severity.None)] // longest task under DataFlint's 5 s: not judged
    public void TaskSkew_MaxOverMedian(double median, double max, Severity expected) =>
        Assert.Equal(expected, Rate(AdvisorRules.TaskSkew, Run(durations: new Dictionary<int, StageTaskDurations> { [7] = new(7, median, max) })));

    [Fact]
    public void TaskSkew_NoSummaries_NotEvaluated() => Assert.Null(AdvisorRules.TaskSkew.Evaluate(AdvisorRules.TaskSkew, Run()));

    [Theory]
    [InlineData(701, Severity.None)]
    [InlineData(700, Severity.Low)]
    [InlineData(500, Severity.Moderate)]
    [InlineData(300, Severity.Severe)]
    [InlineData(100, Severity.Critical)]
    public void IdleCores_BusyOverAllocatedCoreSeconds(double busy, Severity expected) =>
        Assert.Equal(expected, Rate(AdvisorRules.IdleCores, Run([Executor("1", busy, 0, cores: 1, uptimeSeconds: 1000, removeReason: "Executor killed by driver.")])));

    [Theory]
    [InlineData(20.1, Severity.None)]
    [InlineData(20, Severity.Low)]
    [InlineData(10, Severity.Moderate)]
    [InlineData(5, Severity.Severe)]
    [InlineData(2, Severity.Critical)]
    public void TinyTasks_MeanTaskRunTimeOf100Tasks(double runSeconds, Severity expected) =>
        Assert.Equal(expected, Rate(AdvisorRules.TinyTasks, Run([Executor("1", cores: 2)], [Stage(1, tasks: 100, runSeconds: runSeconds)])));

    [Fact]
    public void TinyTasks_FewerThanTwoTasksPerCore_NotEvaluated() =>
        Assert.Null(AdvisorRules.TinyTasks.Evaluate(AdvisorRules.TinyTasks, Run([Executor("1", cores: 8)], [Stage(1, tasks: 15, runSeconds: 0.01)])));

    [Theory]
    [InlineData(256 * MiB - 1, Severity.None)]
    [InlineData(256 * MiB, Severity.Low)]
    [InlineData(512 * MiB, Severity.Moderate)]
    [InlineData(1024 * MiB, Severity.Severe)]
    [InlineData(2048 * MiB, Severity.Critical)]
    public void LargePartitions_BytesPerTask(long bytes, Severity expected)
    {
        var finding = AdvisorRules.LargePartitions.Evaluate(AdvisorRules.LargePartitions, Run(stages: [Stage(2, tasks: 2, shuffleRead: 2 * bytes)]))!;
        Assert.Equal(expected, finding.Severity);
        if (expected != Severity.None) Assert.Equal((2 * bytes / (128 * MiB)).ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Recommendation!.Value);
    }

    [Theory]
    [InlineData(4, 96, Severity.None)]
    [InlineData(5, 95, Severity.Low)]
    [InlineData(10, 90, Severity.Moderate)]
    [InlineData(15, 85, Severity.Severe)]
    [InlineData(20, 80, Severity.Critical)]
    public void TaskFailures_FailedOverAttempts(int failed, int tasks, Severity expected) =>
        Assert.Equal(expected, Rate(AdvisorRules.TaskFailures, Run(stages: [Stage(1, tasks: tasks, failed: failed)])));

    [Theory]
    [InlineData(0, Severity.None)]
    [InlineData(1, Severity.Low)]
    [InlineData(2, Severity.Moderate)]
    [InlineData(4, Severity.Severe)]
    [InlineData(8, Severity.Critical)]
    public void LostExecutors_Count(int lost, Severity expected)
    {
        var executors = Enumerable.Range(1, lost).Select(i => Executor(i.ToString(System.Globalization.CultureInfo.InvariantCulture), removeReason: "Container killed by YARN for exceeding memory limits"))
            .Append(Executor("99", removeReason: "Executor killed by driver."))
            .Append(Executor("100"));
        Assert.Equal(expected, Rate(AdvisorRules.LostExecutors, Run(executors)));
    }

    [Fact]
    public void All_EveryRuleCitesASourceAndHasADistinctId()
    {
        Assert.Equal(13, AdvisorRules.All.Count);
        Assert.Equal(AdvisorRules.All.Count, AdvisorRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(AdvisorRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
    }
}
