using SparkTuner.Core.Advice;
using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Tests.Advice;

/// <summary>Small REST-shaped runs for the advisor's unit tests.</summary>
internal static class AdvisorBuilder
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AdvisorInput Run(
        IEnumerable<SparkExecutor>? executors = null,
        IEnumerable<SparkStage>? stages = null,
        IReadOnlyDictionary<string, string>? properties = null,
        IEnumerable<SparkRddStorage>? storage = null,
        IReadOnlyDictionary<int, StageTaskDurations>? durations = null,
        string id = "app-1",
        IEnumerable<SparkJob>? jobs = null) =>
        new(id, id, properties ?? new Dictionary<string, string>(), (executors ?? []).ToList(), (stages ?? []).ToList(),
            (jobs ?? []).ToList(), (storage ?? []).ToList(), durations);

    public static SparkExecutor Executor(string id, double taskSeconds = 1000, double gcSeconds = 50, long? peakHeap = null,
        int cores = 2, double uptimeSeconds = 1000, string? removeReason = null, long? peakStorage = null, long? peakExecution = null) => new()
    {
        Id = id,
        IsActive = removeReason is null,
        TotalCores = cores,
        TotalTaskTime = TimeSpan.FromSeconds(taskSeconds),
        TotalGcTime = TimeSpan.FromSeconds(gcSeconds),
        AddTime = T0,
        RemoveTime = removeReason is null ? null : T0.AddSeconds(uptimeSeconds),
        RemoveReason = removeReason,
        PeakMetrics = peakHeap is null ? null : new ExecutorPeakMetrics(new Dictionary<string, long>
        {
            ["JVMHeapMemory"] = peakHeap.Value,
            ["OnHeapStorageMemory"] = peakStorage ?? 0,
            ["OnHeapExecutionMemory"] = peakExecution ?? 0,
            ["OnHeapUnifiedMemory"] = (peakStorage ?? 0) + (peakExecution ?? 0),
        }),
    };

    public static SparkStage Stage(int id, string name = "stage", double seconds = 10, int tasks = 10, double runSeconds = 100,
        long input = 0, long shuffleRead = 0, long spillMemory = 0, long spillDisk = 0, int failed = 0, int[]? rdds = null,
        string status = "COMPLETE") => new()
    {
        StageId = id,
        Status = status,
        Name = name,
        NumTasks = tasks,
        NumFailedTasks = failed,
        SubmissionTime = T0,
        CompletionTime = T0.AddSeconds(seconds),
        ExecutorRunTime = TimeSpan.FromSeconds(runSeconds),
        InputBytes = input,
        ShuffleReadBytes = shuffleRead,
        OutputBytes = 0,
        ShuffleWriteBytes = 0,
        MemoryBytesSpilled = spillMemory,
        DiskBytesSpilled = spillDisk,
        RddIds = rdds ?? [],
    };

    public static Dictionary<string, string> Props(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
