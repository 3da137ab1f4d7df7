namespace SparkTuner.Core.Spark;

/// <summary>A Spark application as listed by the history server or the live driver UI.</summary>
/// <param name="Id">Application id, e.g. <c>app-20200706201101-0003</c> or <c>application_1553914137147_0018</c>.</param>
/// <param name="Name">Application name (spark.app.name).</param>
/// <param name="Attempts">Attempts in the order the API returned them (newest first on the history server).</param>
public sealed record SparkApplication(string Id, string Name, IReadOnlyList<SparkAttempt> Attempts)
{
    /// <summary>The most recent attempt (latest start time), or null when the API listed none.</summary>
    public SparkAttempt? LatestAttempt =>
        Attempts.Count == 0 ? null : Attempts.OrderByDescending(a => a.Start ?? DateTimeOffset.MinValue).First();
}

/// <summary>One attempt of an application. YARN cluster-mode apps have an <see cref="AttemptId"/>; others have none.</summary>
/// <param name="AttemptId">Attempt id ("1", "2", …) or null when Spark omits it.</param>
/// <param name="Start">Start time (UTC).</param>
/// <param name="End">End time (UTC); null while the application is still running (Spark sends epoch −1).</param>
/// <param name="Duration">Duration as reported (on a live UI: now − start).</param>
/// <param name="SparkUser">User that ran the application.</param>
/// <param name="Completed">Whether the attempt has finished.</param>
/// <param name="SparkVersion">appSparkVersion; null when empty or absent.</param>
public sealed record SparkAttempt(
    string? AttemptId,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    TimeSpan? Duration,
    string? SparkUser,
    bool Completed,
    string? SparkVersion);

/// <summary>Executor (or driver, <see cref="Id"/> = "driver") summary. Durations are normalised from ms.</summary>
public sealed record SparkExecutor
{
    /// <summary>"driver", "1", "2", …</summary>
    public required string Id { get; init; }
    /// <summary>host:port of the block manager.</summary>
    public string? HostPort { get; init; }
    /// <summary>False for dead executors (only returned by allexecutors).</summary>
    public bool IsActive { get; init; }
    /// <summary>Number of cached RDD blocks.</summary>
    public int? RddBlocks { get; init; }
    /// <summary>Storage memory used, bytes.</summary>
    public long? MemoryUsed { get; init; }
    /// <summary>Disk used for storage, bytes.</summary>
    public long? DiskUsed { get; init; }
    /// <summary>Cores of the executor.</summary>
    public int? TotalCores { get; init; }
    /// <summary>Maximum concurrent tasks.</summary>
    public int? MaxTasks { get; init; }
    /// <summary>Active tasks.</summary>
    public int? ActiveTasks { get; init; }
    /// <summary>Failed tasks.</summary>
    public int? FailedTasks { get; init; }
    /// <summary>Completed tasks.</summary>
    public int? CompletedTasks { get; init; }
    /// <summary>Total tasks.</summary>
    public int? TotalTasks { get; init; }
    /// <summary>Sum of task time (totalDuration, ms on the wire).</summary>
    public TimeSpan? TotalTaskTime { get; init; }
    /// <summary>Sum of GC time in tasks (totalGCTime, ms on the wire).</summary>
    public TimeSpan? TotalGcTime { get; init; }
    /// <summary>Input bytes read.</summary>
    public long? TotalInputBytes { get; init; }
    /// <summary>Shuffle bytes read.</summary>
    public long? TotalShuffleRead { get; init; }
    /// <summary>Shuffle bytes written.</summary>
    public long? TotalShuffleWrite { get; init; }
    /// <summary>Bytes usable for storage (maxMemory).</summary>
    public long? MaxMemory { get; init; }
    /// <summary>When the executor was added.</summary>
    public DateTimeOffset? AddTime { get; init; }
    /// <summary>When the executor was removed (dead executors only).</summary>
    public DateTimeOffset? RemoveTime { get; init; }
    /// <summary>Why the executor was removed.</summary>
    public string? RemoveReason { get; init; }
    /// <summary>Storage memory split (memoryMetrics), when Spark reports it.</summary>
    public ExecutorStorageMemory? StorageMemory { get; init; }
    /// <summary>Peak executor metrics (peakMemoryMetrics), when Spark reports them.</summary>
    public ExecutorPeakMetrics? PeakMetrics { get; init; }
    /// <summary>Excluded (formerly blacklisted) executor.</summary>
    public bool? IsExcluded { get; init; }
    /// <summary>Resource profile id.</summary>
    public int? ResourceProfileId { get; init; }
}

/// <summary>memoryMetrics of an executor, bytes.</summary>
public sealed record ExecutorStorageMemory(
    long? UsedOnHeapStorageMemory,
    long? UsedOffHeapStorageMemory,
    long? TotalOnHeapStorageMemory,
    long? TotalOffHeapStorageMemory);

/// <summary>
/// Peak executor metrics keyed by Spark's ExecutorMetricType names (JVMHeapMemory, …, TotalGCTime, ConcurrentGCCount).
/// Memory values are bytes, GC times ms, counts plain numbers. Names not known today are kept in <see cref="Values"/>.
/// </summary>
public sealed record ExecutorPeakMetrics(IReadOnlyDictionary<string, long> Values)
{
    /// <summary>Value of the named metric, or null when absent.</summary>
    public long? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;

    /// <summary>JVM heap used, bytes.</summary>
    public long? JvmHeapMemory => Get("JVMHeapMemory");
    /// <summary>JVM off-heap (non-heap) used, bytes.</summary>
    public long? JvmOffHeapMemory => Get("JVMOffHeapMemory");
    /// <summary>On-heap execution memory, bytes.</summary>
    public long? OnHeapExecutionMemory => Get("OnHeapExecutionMemory");
    /// <summary>Off-heap execution memory, bytes.</summary>
    public long? OffHeapExecutionMemory => Get("OffHeapExecutionMemory");
    /// <summary>On-heap storage memory, bytes.</summary>
    public long? OnHeapStorageMemory => Get("OnHeapStorageMemory");
    /// <summary>Off-heap storage memory, bytes.</summary>
    public long? OffHeapStorageMemory => Get("OffHeapStorageMemory");
    /// <summary>On-heap unified (execution + storage) memory, bytes.</summary>
    public long? OnHeapUnifiedMemory => Get("OnHeapUnifiedMemory");
    /// <summary>Off-heap unified memory, bytes.</summary>
    public long? OffHeapUnifiedMemory => Get("OffHeapUnifiedMemory");
    /// <summary>Direct buffer pool, bytes.</summary>
    public long? DirectPoolMemory => Get("DirectPoolMemory");
    /// <summary>Mapped buffer pool, bytes.</summary>
    public long? MappedPoolMemory => Get("MappedPoolMemory");
    /// <summary>Process tree JVM RSS, bytes.</summary>
    public long? ProcessTreeJvmRssMemory => Get("ProcessTreeJVMRSSMemory");
    /// <summary>Process tree Python RSS, bytes.</summary>
    public long? ProcessTreePythonRssMemory => Get("ProcessTreePythonRSSMemory");
    /// <summary>Minor GC count.</summary>
    public long? MinorGcCount => Get("MinorGCCount");
    /// <summary>Minor GC time.</summary>
    public TimeSpan? MinorGcTime => Ms(Get("MinorGCTime"));
    /// <summary>Major GC count.</summary>
    public long? MajorGcCount => Get("MajorGCCount");
    /// <summary>Major GC time.</summary>
    public TimeSpan? MajorGcTime => Ms(Get("MajorGCTime"));
    /// <summary>Total GC time (Spark 3.3+).</summary>
    public TimeSpan? TotalGcTime => Ms(Get("TotalGCTime"));
    /// <summary>Concurrent GC count (Spark 4.0+).</summary>
    public long? ConcurrentGcCount => Get("ConcurrentGCCount");
    /// <summary>Concurrent GC time (Spark 4.0+).</summary>
    public TimeSpan? ConcurrentGcTime => Ms(Get("ConcurrentGCTime"));

    private static TimeSpan? Ms(long? v) => v is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}

/// <summary>
/// One stage attempt. Times are normalised once here: executorRunTime/executorDeserializeTime/jvmGcTime/
/// resultSerializationTime/shuffleFetchWaitTime are ms on the wire; executorCpuTime, executorDeserializeCpuTime and
/// shuffleWriteTime are nanoseconds on the wire. Null means Spark did not send the field.
/// </summary>
public sealed record SparkStage
{
    /// <summary>Stage id.</summary>
    public required int StageId { get; init; }
    /// <summary>Stage attempt id.</summary>
    public int AttemptId { get; init; }
    /// <summary>ACTIVE, COMPLETE, FAILED, PENDING, SKIPPED.</summary>
    public required string Status { get; init; }
    /// <summary>Call-site name, e.g. "count at &lt;console&gt;:17".</summary>
    public required string Name { get; init; }
    /// <summary>Job description (set by SQL / setJobDescription) when present.</summary>
    public string? Description { get; init; }
    /// <summary>Number of tasks.</summary>
    public int? NumTasks { get; init; }
    /// <summary>Failed tasks.</summary>
    public int? NumFailedTasks { get; init; }
    /// <summary>Submission time.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>First task launched.</summary>
    public DateTimeOffset? FirstTaskLaunchedTime { get; init; }
    /// <summary>Completion time.</summary>
    public DateTimeOffset? CompletionTime { get; init; }
    /// <summary>Failure reason for failed stages.</summary>
    public string? FailureReason { get; init; }
    /// <summary>Wall-clock duration: completionTime − submissionTime, null when either is missing.</summary>
    public TimeSpan? Duration => SubmissionTime is { } s && CompletionTime is { } c ? c - s : null;
    /// <summary>Sum of executor run time over tasks.</summary>
    public TimeSpan? ExecutorRunTime { get; init; }
    /// <summary>Sum of executor CPU time over tasks.</summary>
    public TimeSpan? ExecutorCpuTime { get; init; }
    /// <summary>Deserialisation time.</summary>
    public TimeSpan? ExecutorDeserializeTime { get; init; }
    /// <summary>Deserialisation CPU time.</summary>
    public TimeSpan? ExecutorDeserializeCpuTime { get; init; }
    /// <summary>GC time in tasks.</summary>
    public TimeSpan? JvmGcTime { get; init; }
    /// <summary>Result serialisation time.</summary>
    public TimeSpan? ResultSerializationTime { get; init; }
    /// <summary>Shuffle fetch wait time.</summary>
    public TimeSpan? ShuffleFetchWaitTime { get; init; }
    /// <summary>Shuffle write time.</summary>
    public TimeSpan? ShuffleWriteTime { get; init; }
    /// <summary>Input bytes.</summary>
    public long? InputBytes { get; init; }
    /// <summary>Input records.</summary>
    public long? InputRecords { get; init; }
    /// <summary>Output bytes.</summary>
    public long? OutputBytes { get; init; }
    /// <summary>Output records.</summary>
    public long? OutputRecords { get; init; }
    /// <summary>Shuffle bytes read (remote + local).</summary>
    public long? ShuffleReadBytes { get; init; }
    /// <summary>Shuffle records read.</summary>
    public long? ShuffleReadRecords { get; init; }
    /// <summary>Shuffle remote bytes read.</summary>
    public long? ShuffleRemoteBytesRead { get; init; }
    /// <summary>Shuffle local bytes read.</summary>
    public long? ShuffleLocalBytesRead { get; init; }
    /// <summary>Shuffle bytes written.</summary>
    public long? ShuffleWriteBytes { get; init; }
    /// <summary>Shuffle records written.</summary>
    public long? ShuffleWriteRecords { get; init; }
    /// <summary>Memory spilled, bytes (deserialised size).</summary>
    public long? MemoryBytesSpilled { get; init; }
    /// <summary>Disk spilled, bytes.</summary>
    public long? DiskBytesSpilled { get; init; }
    /// <summary>Peak execution memory of tasks, bytes.</summary>
    public long? PeakExecutionMemory { get; init; }
    /// <summary>Result size, bytes.</summary>
    public long? ResultSize { get; init; }
    /// <summary>RDD ids in this stage.</summary>
    public IReadOnlyList<int> RddIds { get; init; } = [];
    /// <summary>Peak executor metrics across executors for this stage (Spark 3.1+).</summary>
    public ExecutorPeakMetrics? PeakExecutorMetrics { get; init; }
}

/// <summary>One job.</summary>
public sealed record SparkJob
{
    /// <summary>Job id.</summary>
    public required int JobId { get; init; }
    /// <summary>Job name (call site).</summary>
    public required string Name { get; init; }
    /// <summary>Description when set.</summary>
    public string? Description { get; init; }
    /// <summary>Submission time.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>Completion time.</summary>
    public DateTimeOffset? CompletionTime { get; init; }
    /// <summary>completionTime − submissionTime.</summary>
    public TimeSpan? Duration => SubmissionTime is { } s && CompletionTime is { } c ? c - s : null;
    /// <summary>Stage ids of the job (including skipped ones).</summary>
    public IReadOnlyList<int> StageIds { get; init; } = [];
    /// <summary>Job group.</summary>
    public string? JobGroup { get; init; }
    /// <summary>RUNNING, SUCCEEDED, FAILED, UNKNOWN.</summary>
    public required string Status { get; init; }
    /// <summary>Tasks.</summary>
    public int? NumTasks { get; init; }
    /// <summary>Failed tasks.</summary>
    public int? NumFailedTasks { get; init; }
    /// <summary>Skipped stages.</summary>
    public int? NumSkippedStages { get; init; }
    /// <summary>Failed stages.</summary>
    public int? NumFailedStages { get; init; }
}

/// <summary>One SQL execution with its physical plan and plan graph.</summary>
public sealed record SparkSqlExecution
{
    /// <summary>Execution id.</summary>
    public required long Id { get; init; }
    /// <summary>RUNNING, COMPLETED, FAILED.</summary>
    public required string Status { get; init; }
    /// <summary>Description (usually the action call site or the SQL text).</summary>
    public required string Description { get; init; }
    /// <summary>planDescription text ("== Physical Plan == …"), null when not requested / absent.</summary>
    public string? PlanDescription { get; init; }
    /// <summary>Submission time.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>Duration (ms on the wire).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Jobs still running.</summary>
    public IReadOnlyList<int> RunningJobIds { get; init; } = [];
    /// <summary>Jobs that succeeded.</summary>
    public IReadOnlyList<int> SuccessJobIds { get; init; } = [];
    /// <summary>Jobs that failed.</summary>
    public IReadOnlyList<int> FailedJobIds { get; init; } = [];
    /// <summary>Plan graph nodes.</summary>
    public IReadOnlyList<SqlPlanNode> Nodes { get; init; } = [];
    /// <summary>Plan graph edges.</summary>
    public IReadOnlyList<SqlPlanEdge> Edges { get; init; } = [];
}

/// <summary>A plan graph node; metric values are Spark's display strings (e.g. "1.2 MiB"), not numbers.</summary>
public sealed record SqlPlanNode(long NodeId, string NodeName, long? WholeStageCodegenId, IReadOnlyList<SqlNodeMetric> Metrics);

/// <summary>A SQL node metric as displayed by Spark.</summary>
public sealed record SqlNodeMetric(string Name, string Value);

/// <summary>A plan graph edge.</summary>
public sealed record SqlPlanEdge(long FromId, long ToId);

/// <summary>Environment page: runtime and the property lists as ordered key/value pairs.</summary>
public sealed record SparkEnvironment
{
    /// <summary>Java version.</summary>
    public string? JavaVersion { get; init; }
    /// <summary>Java home.</summary>
    public string? JavaHome { get; init; }
    /// <summary>Scala version.</summary>
    public string? ScalaVersion { get; init; }
    /// <summary>Spark properties.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SparkProperties { get; init; } = [];
    /// <summary>Hadoop properties.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HadoopProperties { get; init; } = [];
    /// <summary>JVM system properties.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SystemProperties { get; init; } = [];
    /// <summary>Metrics properties.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MetricsProperties { get; init; } = [];
    /// <summary>Classpath entries (path, source).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ClasspathEntries { get; init; } = [];

    /// <summary>Spark properties as a dictionary (last value wins on duplicate keys).</summary>
    public IReadOnlyDictionary<string, string> SparkPropertyMap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in SparkProperties) map[k] = v;
        return map;
    }
}

/// <summary>A persisted RDD / cached Dataset (storage/rdd).</summary>
public sealed record SparkRddStorage(
    int Id,
    string Name,
    int NumPartitions,
    int NumCachedPartitions,
    string StorageLevel,
    long MemoryUsed,
    long DiskUsed);
