using System.Text.Json;

namespace SparkTuner.Clients.Spark;

// Wire DTOs for Spark's /api/v1 JSON (api.scala). Every member is nullable because Jackson omits absent Options,
// and unknown members (newer Spark versions) are ignored by the serializer. Property names match case-insensitively.

/// <summary>ApplicationInfo.</summary>
public sealed record SparkApplicationDto
{
    /// <summary>id.</summary>
    public string? Id { get; init; }
    /// <summary>name.</summary>
    public string? Name { get; init; }
    /// <summary>attempts.</summary>
    public List<SparkAttemptDto>? Attempts { get; init; }
}

/// <summary>ApplicationAttemptInfo.</summary>
public sealed record SparkAttemptDto
{
    /// <summary>attemptId (YARN cluster mode only).</summary>
    public string? AttemptId { get; init; }
    /// <summary>startTime.</summary>
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>endTime (epoch −1 while running).</summary>
    public DateTimeOffset? EndTime { get; init; }
    /// <summary>lastUpdated.</summary>
    public DateTimeOffset? LastUpdated { get; init; }
    /// <summary>duration, ms.</summary>
    public long? Duration { get; init; }
    /// <summary>sparkUser.</summary>
    public string? SparkUser { get; init; }
    /// <summary>completed.</summary>
    public bool? Completed { get; init; }
    /// <summary>appSparkVersion.</summary>
    public string? AppSparkVersion { get; init; }
    /// <summary>startTimeEpoch, ms.</summary>
    public long? StartTimeEpoch { get; init; }
    /// <summary>endTimeEpoch, ms.</summary>
    public long? EndTimeEpoch { get; init; }
}

/// <summary>ExecutorSummary.</summary>
public sealed record SparkExecutorDto
{
    /// <summary>id.</summary>
    public string? Id { get; init; }
    /// <summary>hostPort.</summary>
    public string? HostPort { get; init; }
    /// <summary>isActive.</summary>
    public bool? IsActive { get; init; }
    /// <summary>rddBlocks.</summary>
    public int? RddBlocks { get; init; }
    /// <summary>memoryUsed.</summary>
    public long? MemoryUsed { get; init; }
    /// <summary>diskUsed.</summary>
    public long? DiskUsed { get; init; }
    /// <summary>totalCores.</summary>
    public int? TotalCores { get; init; }
    /// <summary>maxTasks.</summary>
    public int? MaxTasks { get; init; }
    /// <summary>activeTasks.</summary>
    public int? ActiveTasks { get; init; }
    /// <summary>failedTasks.</summary>
    public int? FailedTasks { get; init; }
    /// <summary>completedTasks.</summary>
    public int? CompletedTasks { get; init; }
    /// <summary>totalTasks.</summary>
    public int? TotalTasks { get; init; }
    /// <summary>totalDuration, ms.</summary>
    public long? TotalDuration { get; init; }
    /// <summary>totalGCTime, ms.</summary>
    public long? TotalGcTime { get; init; }
    /// <summary>totalInputBytes.</summary>
    public long? TotalInputBytes { get; init; }
    /// <summary>totalShuffleRead.</summary>
    public long? TotalShuffleRead { get; init; }
    /// <summary>totalShuffleWrite.</summary>
    public long? TotalShuffleWrite { get; init; }
    /// <summary>maxMemory.</summary>
    public long? MaxMemory { get; init; }
    /// <summary>addTime.</summary>
    public DateTimeOffset? AddTime { get; init; }
    /// <summary>removeTime.</summary>
    public DateTimeOffset? RemoveTime { get; init; }
    /// <summary>removeReason.</summary>
    public string? RemoveReason { get; init; }
    /// <summary>executorLogs.</summary>
    public Dictionary<string, string>? ExecutorLogs { get; init; }
    /// <summary>memoryMetrics.</summary>
    public SparkMemoryMetricsDto? MemoryMetrics { get; init; }
    /// <summary>peakMemoryMetrics.</summary>
    public Dictionary<string, long>? PeakMemoryMetrics { get; init; }
    /// <summary>attributes.</summary>
    public Dictionary<string, string>? Attributes { get; init; }
    /// <summary>resourceProfileId.</summary>
    public int? ResourceProfileId { get; init; }
    /// <summary>isExcluded.</summary>
    public bool? IsExcluded { get; init; }
    /// <summary>isBlacklisted (deprecated).</summary>
    public bool? IsBlacklisted { get; init; }
}

/// <summary>MemoryMetrics.</summary>
public sealed record SparkMemoryMetricsDto
{
    /// <summary>usedOnHeapStorageMemory.</summary>
    public long? UsedOnHeapStorageMemory { get; init; }
    /// <summary>usedOffHeapStorageMemory.</summary>
    public long? UsedOffHeapStorageMemory { get; init; }
    /// <summary>totalOnHeapStorageMemory.</summary>
    public long? TotalOnHeapStorageMemory { get; init; }
    /// <summary>totalOffHeapStorageMemory.</summary>
    public long? TotalOffHeapStorageMemory { get; init; }
}

/// <summary>StageData (details=false).</summary>
public sealed record SparkStageDto
{
    /// <summary>status.</summary>
    public string? Status { get; init; }
    /// <summary>stageId.</summary>
    public int? StageId { get; init; }
    /// <summary>attemptId.</summary>
    public int? AttemptId { get; init; }
    /// <summary>numTasks.</summary>
    public int? NumTasks { get; init; }
    /// <summary>numFailedTasks.</summary>
    public int? NumFailedTasks { get; init; }
    /// <summary>submissionTime.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>firstTaskLaunchedTime.</summary>
    public DateTimeOffset? FirstTaskLaunchedTime { get; init; }
    /// <summary>completionTime.</summary>
    public DateTimeOffset? CompletionTime { get; init; }
    /// <summary>failureReason.</summary>
    public string? FailureReason { get; init; }
    /// <summary>executorDeserializeTime, ms.</summary>
    public long? ExecutorDeserializeTime { get; init; }
    /// <summary>executorDeserializeCpuTime, ns.</summary>
    public long? ExecutorDeserializeCpuTime { get; init; }
    /// <summary>executorRunTime, ms.</summary>
    public long? ExecutorRunTime { get; init; }
    /// <summary>executorCpuTime, ns.</summary>
    public long? ExecutorCpuTime { get; init; }
    /// <summary>resultSize.</summary>
    public long? ResultSize { get; init; }
    /// <summary>jvmGcTime, ms.</summary>
    public long? JvmGcTime { get; init; }
    /// <summary>resultSerializationTime, ms.</summary>
    public long? ResultSerializationTime { get; init; }
    /// <summary>memoryBytesSpilled.</summary>
    public long? MemoryBytesSpilled { get; init; }
    /// <summary>diskBytesSpilled.</summary>
    public long? DiskBytesSpilled { get; init; }
    /// <summary>peakExecutionMemory.</summary>
    public long? PeakExecutionMemory { get; init; }
    /// <summary>inputBytes.</summary>
    public long? InputBytes { get; init; }
    /// <summary>inputRecords.</summary>
    public long? InputRecords { get; init; }
    /// <summary>outputBytes.</summary>
    public long? OutputBytes { get; init; }
    /// <summary>outputRecords.</summary>
    public long? OutputRecords { get; init; }
    /// <summary>shuffleFetchWaitTime, ms.</summary>
    public long? ShuffleFetchWaitTime { get; init; }
    /// <summary>shuffleRemoteBytesRead.</summary>
    public long? ShuffleRemoteBytesRead { get; init; }
    /// <summary>shuffleLocalBytesRead.</summary>
    public long? ShuffleLocalBytesRead { get; init; }
    /// <summary>shuffleReadBytes.</summary>
    public long? ShuffleReadBytes { get; init; }
    /// <summary>shuffleReadRecords.</summary>
    public long? ShuffleReadRecords { get; init; }
    /// <summary>shuffleWriteBytes.</summary>
    public long? ShuffleWriteBytes { get; init; }
    /// <summary>shuffleWriteTime, ns.</summary>
    public long? ShuffleWriteTime { get; init; }
    /// <summary>shuffleWriteRecords.</summary>
    public long? ShuffleWriteRecords { get; init; }
    /// <summary>name.</summary>
    public string? Name { get; init; }
    /// <summary>description.</summary>
    public string? Description { get; init; }
    /// <summary>rddIds.</summary>
    public List<int>? RddIds { get; init; }
    /// <summary>peakExecutorMetrics.</summary>
    public Dictionary<string, long>? PeakExecutorMetrics { get; init; }
}

/// <summary>JobData.</summary>
public sealed record SparkJobDto
{
    /// <summary>jobId.</summary>
    public int? JobId { get; init; }
    /// <summary>name.</summary>
    public string? Name { get; init; }
    /// <summary>description.</summary>
    public string? Description { get; init; }
    /// <summary>submissionTime.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>completionTime.</summary>
    public DateTimeOffset? CompletionTime { get; init; }
    /// <summary>stageIds.</summary>
    public List<int>? StageIds { get; init; }
    /// <summary>jobGroup.</summary>
    public string? JobGroup { get; init; }
    /// <summary>status.</summary>
    public string? Status { get; init; }
    /// <summary>numTasks.</summary>
    public int? NumTasks { get; init; }
    /// <summary>numFailedTasks.</summary>
    public int? NumFailedTasks { get; init; }
    /// <summary>numSkippedStages.</summary>
    public int? NumSkippedStages { get; init; }
    /// <summary>numFailedStages.</summary>
    public int? NumFailedStages { get; init; }
}

/// <summary>ExecutionData (sql).</summary>
public sealed record SparkSqlExecutionDto
{
    /// <summary>id.</summary>
    public long? Id { get; init; }
    /// <summary>status.</summary>
    public string? Status { get; init; }
    /// <summary>description.</summary>
    public string? Description { get; init; }
    /// <summary>planDescription.</summary>
    public string? PlanDescription { get; init; }
    /// <summary>submissionTime.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>duration, ms.</summary>
    public long? Duration { get; init; }
    /// <summary>runningJobIds.</summary>
    public List<int>? RunningJobIds { get; init; }
    /// <summary>successJobIds.</summary>
    public List<int>? SuccessJobIds { get; init; }
    /// <summary>failedJobIds.</summary>
    public List<int>? FailedJobIds { get; init; }
    /// <summary>nodes.</summary>
    public List<SparkSqlNodeDto>? Nodes { get; init; }
    /// <summary>edges.</summary>
    public List<SparkSqlEdgeDto>? Edges { get; init; }
}

/// <summary>Node.</summary>
public sealed record SparkSqlNodeDto
{
    /// <summary>nodeId.</summary>
    public long? NodeId { get; init; }
    /// <summary>nodeName.</summary>
    public string? NodeName { get; init; }
    /// <summary>wholeStageCodegenId.</summary>
    public long? WholeStageCodegenId { get; init; }
    /// <summary>metrics.</summary>
    public List<SparkSqlMetricDto>? Metrics { get; init; }
}

/// <summary>Metric (value is a display string).</summary>
public sealed record SparkSqlMetricDto
{
    /// <summary>name.</summary>
    public string? Name { get; init; }
    /// <summary>value.</summary>
    public string? Value { get; init; }
}

/// <summary>SparkPlanGraphEdge.</summary>
public sealed record SparkSqlEdgeDto
{
    /// <summary>fromId.</summary>
    public long? FromId { get; init; }
    /// <summary>toId.</summary>
    public long? ToId { get; init; }
}

/// <summary>ApplicationEnvironmentInfo.</summary>
public sealed record SparkEnvironmentDto
{
    /// <summary>runtime.</summary>
    public SparkRuntimeDto? Runtime { get; init; }
    /// <summary>sparkProperties as [key, value] pairs.</summary>
    public List<List<string?>>? SparkProperties { get; init; }
    /// <summary>hadoopProperties.</summary>
    public List<List<string?>>? HadoopProperties { get; init; }
    /// <summary>systemProperties.</summary>
    public List<List<string?>>? SystemProperties { get; init; }
    /// <summary>metricsProperties.</summary>
    public List<List<string?>>? MetricsProperties { get; init; }
    /// <summary>classpathEntries.</summary>
    public List<List<string?>>? ClasspathEntries { get; init; }
    /// <summary>resourceProfiles, kept raw.</summary>
    public List<JsonElement>? ResourceProfiles { get; init; }
}

/// <summary>RuntimeInfo.</summary>
public sealed record SparkRuntimeDto
{
    /// <summary>javaVersion.</summary>
    public string? JavaVersion { get; init; }
    /// <summary>javaHome.</summary>
    public string? JavaHome { get; init; }
    /// <summary>scalaVersion.</summary>
    public string? ScalaVersion { get; init; }
}

/// <summary>RDDStorageInfo.</summary>
public sealed record SparkRddStorageDto
{
    /// <summary>id.</summary>
    public int? Id { get; init; }
    /// <summary>name.</summary>
    public string? Name { get; init; }
    /// <summary>numPartitions.</summary>
    public int? NumPartitions { get; init; }
    /// <summary>numCachedPartitions.</summary>
    public int? NumCachedPartitions { get; init; }
    /// <summary>storageLevel.</summary>
    public string? StorageLevel { get; init; }
    /// <summary>memoryUsed.</summary>
    public long? MemoryUsed { get; init; }
    /// <summary>diskUsed.</summary>
    public long? DiskUsed { get; init; }
}

/// <summary>TaskMetricDistributions (taskSummary): one value per requested quantile.</summary>
public sealed record SparkTaskSummaryDto
{
    /// <summary>quantiles.</summary>
    public List<double>? Quantiles { get; init; }
    /// <summary>duration, ms.</summary>
    public List<double>? Duration { get; init; }
    /// <summary>executorRunTime, ms.</summary>
    public List<double>? ExecutorRunTime { get; init; }
    /// <summary>executorCpuTime, ns.</summary>
    public List<double>? ExecutorCpuTime { get; init; }
    /// <summary>jvmGcTime, ms.</summary>
    public List<double>? JvmGcTime { get; init; }
    /// <summary>peakExecutionMemory, bytes.</summary>
    public List<double>? PeakExecutionMemory { get; init; }
    /// <summary>Other members (shuffle read/write metrics objects…), kept raw.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>ProcessSummary (allmiscellaneousprocess).</summary>
public sealed record SparkProcessDto
{
    /// <summary>id, e.g. "yarn-am".</summary>
    public string? Id { get; init; }
    /// <summary>hostPort.</summary>
    public string? HostPort { get; init; }
    /// <summary>isActive.</summary>
    public bool? IsActive { get; init; }
    /// <summary>totalCores.</summary>
    public int? TotalCores { get; init; }
    /// <summary>addTime.</summary>
    public DateTimeOffset? AddTime { get; init; }
    /// <summary>removeTime.</summary>
    public DateTimeOffset? RemoveTime { get; init; }
    /// <summary>processLogs.</summary>
    public Dictionary<string, string>? ProcessLogs { get; init; }
}
