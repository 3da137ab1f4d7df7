namespace SparkTuner.Core.Spark;

/// <summary>
/// Port to Spark's monitoring REST API (history server or live driver UI). Every method throws
/// <see cref="SparkTuner.Core.Series.DataSourceException"/> with ErrorType "not_configured", "unreachable", "not_found",
/// "timeout", "bad_response" or "http_error".
/// <para>
/// Attempts: when <c>attemptId</c> is null the source uses the latest attempt's id if the application has one
/// (YARN cluster mode: <c>/applications/{id}/{attemptId}/…</c>) and no attempt segment otherwise.
/// </para>
/// </summary>
public interface ISparkHistorySource
{
    /// <summary>Lists applications. <paramref name="status"/>: "completed" or "running"; null for both.</summary>
    Task<IReadOnlyList<SparkApplication>> ListApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>One application with its attempts.</summary>
    Task<SparkApplication> GetApplicationAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>Active executors (and the driver).</summary>
    Task<IReadOnlyList<SparkExecutor>> ExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>All executors including dead ones.</summary>
    Task<IReadOnlyList<SparkExecutor>> AllExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>Stages (all attempts, details=false) including peakExecutorMetrics.</summary>
    Task<IReadOnlyList<SparkStage>> StagesAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>Jobs.</summary>
    Task<IReadOnlyList<SparkJob>> JobsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>All SQL executions with planDescription, nodes and edges; follows the API's paging to the end.</summary>
    Task<IReadOnlyList<SparkSqlExecution>> SqlExecutionsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>Environment (runtime, Spark/Hadoop/system properties).</summary>
    Task<SparkEnvironment> EnvironmentAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Median and maximum task run time of one stage attempt (<c>…/stages/{id}/{attempt}/taskSummary?quantiles=0.5,1.0</c>);
    /// null when the source cannot tell (the default, for sources that do not implement it).
    /// </summary>
    Task<SparkTuner.Core.Advice.StageTaskDurations?> StageTaskDurationsAsync(string appId, int stageId, int stageAttemptId, CancellationToken cancellationToken = default) =>
        Task.FromResult<SparkTuner.Core.Advice.StageTaskDurations?>(null);

    /// <summary>Persisted RDDs / cached datasets (empty when nothing is cached).</summary>
    Task<IReadOnlyList<SparkRddStorage>> StorageRddsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default);
}
