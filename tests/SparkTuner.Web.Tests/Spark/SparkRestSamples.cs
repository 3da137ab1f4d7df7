using SparkTuner.Core.Spark;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Spark;

/// <summary>Small view models for the Spark REST control tests.</summary>
internal static class SparkRestSamples
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);

    public static SparkStage Stage(int id, string name, double seconds, long shuffle = 0) => new()
    {
        StageId = id, Name = name, Status = "COMPLETE",
        SubmissionTime = T0, CompletionTime = T0.AddSeconds(seconds),
        ExecutorRunTime = TimeSpan.FromSeconds(seconds * 4), ExecutorCpuTime = TimeSpan.FromSeconds(seconds * 3),
        JvmGcTime = TimeSpan.FromSeconds(seconds / 10), ShuffleReadBytes = shuffle, ShuffleWriteBytes = shuffle,
        MemoryBytesSpilled = 0, DiskBytesSpilled = 0,
    };

    public static StageComparison Stages() => StageMatcher.Match(
        [Stage(0, "count at x.py:24", 20), Stage(1, "count at x.py:31", 100, 1 << 20), Stage(2, "only here", 1)],
        [Stage(0, "count at x.py:24", 22), Stage(1, "count at x.py:31", 50, 1 << 20)]);

    public const string BaselinePlan = "== Physical Plan ==\nCartesianProduct\n:- *(1) Scan ExistingRDD[A#0L]\n+- *(1) Scan ExistingRDD[D#6L]\n";
    public const string CandidatePlan = "== Physical Plan ==\nCartesianProduct\n:- InMemoryTableScan [A#0L]\n:     +- InMemoryRelation [A#0L], StorageLevel(memory)\n:           +- *(1) Scan ExistingRDD[A#0L]\n+- *(1) Scan ExistingRDD[D#6L]\n";

    public static SqlPlansViewModel Plans() => new(
        [new SqlPlanPairViewModel("count at x.py:31", 3, 3, PlanDiff.Compare(BaselinePlan, CandidatePlan))], [], []);

    public static ConfigDiffViewModel Config() => new(ConfigDiff.Compare(
        [new("spark.executor.memory", "4g"), new("spark.executor.cores", "2"), new("spark.app.name", "noncached")],
        [new("spark.executor.memory", "4g"), new("spark.executor.cores", "2"), new("spark.app.name", "cached"), new("spark.sql.inMemoryColumnarStorage.compressed", "true")],
        includeEqual: true));

    public static CachedDataViewModel Cached() => new(
        CachedDataSummary.From([]),
        CachedDataSummary.From(
        [
            new SparkRddStorage(2, "df1", 16, 16, "Disk Memory Deserialized 1x Replicated", 3L * 1024 * 1024 * 1024, 0),
            new SparkRddStorage(5, "df2", 16, 12, "Disk Memory Deserialized 1x Replicated", 512L * 1024 * 1024, 0),
        ]));

    public static SparkRestRunInfo Run(string side, bool linked) => new(side, side == "baseline" ? "app-b" : "app-c", "cartesian",
        T0, T0.AddMinutes(4), linked ? T0.AddMilliseconds(-800) : null, linked ? T0.AddMinutes(4).AddMilliseconds(120) : null,
        linked ? TimeSpan.FromMilliseconds(240_920) : null);

    public static SparkRestViewModel Ready() => new(SparkRestStatus.Ready, null, Run("baseline", true), Run("candidate", true),
        new(Stages(), null), new(Plans(), null), new(Config(), null), new(Cached(), null));
}
