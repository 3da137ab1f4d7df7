using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Spark;

/// <summary>
/// Wire → Core. The one place units are normalised: ms fields via <see cref="Ms"/>, nanosecond fields
/// (executorCpuTime, executorDeserializeCpuTime, shuffleWriteTime) via <see cref="Ns"/>; Spark's running-app end time
/// (epoch −1, 1969-12-31T23:59:59.999GMT) becomes null.
/// </summary>
public static class SparkRestMapper
{
    /// <summary>Milliseconds → TimeSpan (null stays null).</summary>
    public static TimeSpan? Ms(long? ms) => ms is { } v ? TimeSpan.FromMilliseconds(v) : null;

    /// <summary>Nanoseconds → TimeSpan at tick (100 ns) resolution (null stays null).</summary>
    public static TimeSpan? Ns(long? ns) => ns is { } v ? TimeSpan.FromTicks(v / 100) : null;

    /// <summary>Application.</summary>
    public static SparkApplication Application(SparkApplicationDto dto) =>
        new(Required(dto.Id, "application id"), dto.Name ?? "", (dto.Attempts ?? []).Select(Attempt).ToList());

    /// <summary>Attempt.</summary>
    public static SparkAttempt Attempt(SparkAttemptDto dto)
    {
        var end = dto.EndTime is { } e && e.ToUnixTimeMilliseconds() >= 0 && dto.EndTimeEpoch is not -1 ? e : (DateTimeOffset?)null;
        return new SparkAttempt(
            string.IsNullOrEmpty(dto.AttemptId) ? null : dto.AttemptId,
            dto.StartTime,
            end,
            Ms(dto.Duration),
            dto.SparkUser,
            dto.Completed ?? end is not null,
            string.IsNullOrEmpty(dto.AppSparkVersion) ? null : dto.AppSparkVersion);
    }

    /// <summary>Executor.</summary>
    public static SparkExecutor Executor(SparkExecutorDto dto) => new()
    {
        Id = Required(dto.Id, "executor id"),
        HostPort = dto.HostPort,
        IsActive = dto.IsActive ?? dto.RemoveTime is null,
        RddBlocks = dto.RddBlocks,
        MemoryUsed = dto.MemoryUsed,
        DiskUsed = dto.DiskUsed,
        TotalCores = dto.TotalCores,
        MaxTasks = dto.MaxTasks,
        ActiveTasks = dto.ActiveTasks,
        FailedTasks = dto.FailedTasks,
        CompletedTasks = dto.CompletedTasks,
        TotalTasks = dto.TotalTasks,
        TotalTaskTime = Ms(dto.TotalDuration),
        TotalGcTime = Ms(dto.TotalGcTime),
        TotalInputBytes = dto.TotalInputBytes,
        TotalShuffleRead = dto.TotalShuffleRead,
        TotalShuffleWrite = dto.TotalShuffleWrite,
        MaxMemory = dto.MaxMemory,
        AddTime = dto.AddTime,
        RemoveTime = dto.RemoveTime,
        RemoveReason = dto.RemoveReason,
        StorageMemory = dto.MemoryMetrics is { } m
            ? new ExecutorStorageMemory(m.UsedOnHeapStorageMemory, m.UsedOffHeapStorageMemory, m.TotalOnHeapStorageMemory, m.TotalOffHeapStorageMemory)
            : null,
        PeakMetrics = Peak(dto.PeakMemoryMetrics),
        IsExcluded = dto.IsExcluded ?? dto.IsBlacklisted,
        ResourceProfileId = dto.ResourceProfileId,
    };

    /// <summary>Stage.</summary>
    public static SparkStage Stage(SparkStageDto dto) => new()
    {
        StageId = Required(dto.StageId, "stageId"),
        AttemptId = dto.AttemptId ?? 0,
        Status = dto.Status ?? "UNKNOWN",
        Name = dto.Name ?? "",
        Description = dto.Description,
        NumTasks = dto.NumTasks,
        NumFailedTasks = dto.NumFailedTasks,
        SubmissionTime = dto.SubmissionTime,
        FirstTaskLaunchedTime = dto.FirstTaskLaunchedTime,
        CompletionTime = dto.CompletionTime,
        FailureReason = dto.FailureReason,
        ExecutorRunTime = Ms(dto.ExecutorRunTime),
        ExecutorCpuTime = Ns(dto.ExecutorCpuTime),
        ExecutorDeserializeTime = Ms(dto.ExecutorDeserializeTime),
        ExecutorDeserializeCpuTime = Ns(dto.ExecutorDeserializeCpuTime),
        JvmGcTime = Ms(dto.JvmGcTime),
        ResultSerializationTime = Ms(dto.ResultSerializationTime),
        ShuffleFetchWaitTime = Ms(dto.ShuffleFetchWaitTime),
        ShuffleWriteTime = Ns(dto.ShuffleWriteTime),
        InputBytes = dto.InputBytes,
        InputRecords = dto.InputRecords,
        OutputBytes = dto.OutputBytes,
        OutputRecords = dto.OutputRecords,
        ShuffleReadBytes = dto.ShuffleReadBytes,
        ShuffleReadRecords = dto.ShuffleReadRecords,
        ShuffleRemoteBytesRead = dto.ShuffleRemoteBytesRead,
        ShuffleLocalBytesRead = dto.ShuffleLocalBytesRead,
        ShuffleWriteBytes = dto.ShuffleWriteBytes,
        ShuffleWriteRecords = dto.ShuffleWriteRecords,
        MemoryBytesSpilled = dto.MemoryBytesSpilled,
        DiskBytesSpilled = dto.DiskBytesSpilled,
        PeakExecutionMemory = dto.PeakExecutionMemory,
        ResultSize = dto.ResultSize,
        RddIds = dto.RddIds ?? [],
        PeakExecutorMetrics = Peak(dto.PeakExecutorMetrics),
    };

    /// <summary>Job.</summary>
    public static SparkJob Job(SparkJobDto dto) => new()
    {
        JobId = Required(dto.JobId, "jobId"),
        Name = dto.Name ?? "",
        Description = dto.Description,
        SubmissionTime = dto.SubmissionTime,
        CompletionTime = dto.CompletionTime,
        StageIds = dto.StageIds ?? [],
        JobGroup = dto.JobGroup,
        Status = dto.Status ?? "UNKNOWN",
        NumTasks = dto.NumTasks,
        NumFailedTasks = dto.NumFailedTasks,
        NumSkippedStages = dto.NumSkippedStages,
        NumFailedStages = dto.NumFailedStages,
    };

    /// <summary>SQL execution.</summary>
    public static SparkSqlExecution SqlExecution(SparkSqlExecutionDto dto) => new()
    {
        Id = Required(dto.Id, "sql execution id"),
        Status = dto.Status ?? "UNKNOWN",
        Description = dto.Description ?? "",
        PlanDescription = dto.PlanDescription,
        SubmissionTime = dto.SubmissionTime,
        Duration = Ms(dto.Duration),
        RunningJobIds = dto.RunningJobIds ?? [],
        SuccessJobIds = dto.SuccessJobIds ?? [],
        FailedJobIds = dto.FailedJobIds ?? [],
        Nodes = (dto.Nodes ?? []).Select(n => new SqlPlanNode(
            n.NodeId ?? -1, n.NodeName ?? "", n.WholeStageCodegenId,
            (n.Metrics ?? []).Select(m => new SqlNodeMetric(m.Name ?? "", m.Value ?? "")).ToList())).ToList(),
        Edges = (dto.Edges ?? []).Select(e => new SqlPlanEdge(e.FromId ?? -1, e.ToId ?? -1)).ToList(),
    };

    /// <summary>Environment.</summary>
    public static SparkEnvironment Environment(SparkEnvironmentDto dto) => new()
    {
        JavaVersion = dto.Runtime?.JavaVersion,
        JavaHome = dto.Runtime?.JavaHome,
        ScalaVersion = dto.Runtime?.ScalaVersion,
        SparkProperties = Pairs(dto.SparkProperties),
        HadoopProperties = Pairs(dto.HadoopProperties),
        SystemProperties = Pairs(dto.SystemProperties),
        MetricsProperties = Pairs(dto.MetricsProperties),
        ClasspathEntries = Pairs(dto.ClasspathEntries),
    };

    /// <summary>
    /// Median (quantile 0.5) and maximum (the highest quantile returned, 1.0 when asked for) of executorRunTime (ms); null when
    /// the summary has no 0.5 quantile or no run times (a stage without finished tasks).
    /// </summary>
    public static SparkTuner.Core.Advice.StageTaskDurations? TaskDurations(int stageId, SparkTaskSummaryDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        if (dto.Quantiles is not { Count: > 0 } q || dto.ExecutorRunTime is not { } run || run.Count != q.Count) return null;
        var median = q.FindIndex(v => Math.Abs(v - 0.5) < 1e-9);
        if (median < 0) return null;
        var max = q.IndexOf(q.Max());
        return new SparkTuner.Core.Advice.StageTaskDurations(stageId, run[median], run[max]);
    }

    /// <summary>Storage RDD.</summary>
    public static SparkRddStorage Rdd(SparkRddStorageDto dto) => new(
        Required(dto.Id, "rdd id"),
        dto.Name ?? "",
        dto.NumPartitions ?? 0,
        dto.NumCachedPartitions ?? 0,
        dto.StorageLevel ?? "",
        dto.MemoryUsed ?? 0,
        dto.DiskUsed ?? 0);

    private static ExecutorPeakMetrics? Peak(Dictionary<string, long>? values) =>
        values is null ? null : new ExecutorPeakMetrics(new Dictionary<string, long>(values, StringComparer.Ordinal));

    private static List<KeyValuePair<string, string>> Pairs(List<List<string?>>? pairs) =>
        (pairs ?? []).Where(p => p.Count >= 1 && p[0] is not null)
            .Select(p => new KeyValuePair<string, string>(p[0]!, p.Count > 1 ? p[1] ?? "" : ""))
            .ToList();

    private static T Required<T>(T? value, string what) where T : struct =>
        value ?? throw new DataSourceException("bad_response", $"Spark REST: response is missing the {what}.");

    private static string Required(string? value, string what) =>
        value ?? throw new DataSourceException("bad_response", $"Spark REST: response is missing the {what}.");
}
