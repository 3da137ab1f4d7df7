using Refit;

namespace SparkTuner.Clients.Spark;

/// <summary>
/// Spark monitoring REST API (<c>/api/v1</c>), identical on the history server (:18080) and the live driver UI (:4040).
/// <c>app</c> is the application id, or "id/attemptId" for YARN cluster-mode attempts (round-tripped, slash kept).
/// </summary>
public interface ISparkRestApi
{
    /// <summary>GET applications.</summary>
    [Get("/api/v1/applications")]
    Task<List<SparkApplicationDto>> GetApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>GET applications/{appId}.</summary>
    [Get("/api/v1/applications/{appId}")]
    Task<SparkApplicationDto> GetApplicationAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>GET …/executors (active).</summary>
    [Get("/api/v1/applications/{**app}/executors")]
    Task<List<SparkExecutorDto>> GetExecutorsAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/allexecutors (including dead).</summary>
    [Get("/api/v1/applications/{**app}/allexecutors")]
    Task<List<SparkExecutorDto>> GetAllExecutorsAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/stages?details=false.</summary>
    [Get("/api/v1/applications/{**app}/stages?details=false")]
    Task<List<SparkStageDto>> GetStagesAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/jobs.</summary>
    [Get("/api/v1/applications/{**app}/jobs")]
    Task<List<SparkJobDto>> GetJobsAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/sql page with plan description and graph.</summary>
    [Get("/api/v1/applications/{**app}/sql?details=true&planDescription=true")]
    Task<List<SparkSqlExecutionDto>> GetSqlAsync(string app, int offset, int length, CancellationToken cancellationToken = default);

    /// <summary>GET …/environment.</summary>
    [Get("/api/v1/applications/{**app}/environment")]
    Task<SparkEnvironmentDto> GetEnvironmentAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/storage/rdd.</summary>
    [Get("/api/v1/applications/{**app}/storage/rdd")]
    Task<List<SparkRddStorageDto>> GetStorageRddsAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>GET …/jobs/{jobId}.</summary>
    [Get("/api/v1/applications/{**app}/jobs/{jobId}")]
    Task<SparkJobDto> GetJobAsync(string app, int jobId, CancellationToken cancellationToken = default);

    /// <summary>GET …/stages/{stageId}/{attemptId} (optionally with summaries: tasks, executorSummary, distributions).</summary>
    [Get("/api/v1/applications/{**app}/stages/{stageId}/{attemptId}")]
    Task<SparkStageDto> GetStageAttemptAsync(string app, int stageId, int attemptId, bool? withSummaries = null, CancellationToken cancellationToken = default);

    /// <summary>GET …/stages/{stageId}/{attemptId}/taskSummary.</summary>
    [Get("/api/v1/applications/{**app}/stages/{stageId}/{attemptId}/taskSummary")]
    Task<SparkTaskSummaryDto> GetTaskSummaryAsync(string app, int stageId, int attemptId, CancellationToken cancellationToken = default);

    /// <summary>GET …/stages/{stageId}/{attemptId}/taskSummary?quantiles=… (comma-separated, e.g. "0.5,1.0").</summary>
    [Get("/api/v1/applications/{**app}/stages/{stageId}/{attemptId}/taskSummary")]
    Task<SparkTaskSummaryDto> GetTaskQuantilesAsync(string app, int stageId, int attemptId, string quantiles, CancellationToken cancellationToken = default);

    /// <summary>GET …/storage/rdd/{rddId}.</summary>
    [Get("/api/v1/applications/{**app}/storage/rdd/{rddId}")]
    Task<SparkRddStorageDto> GetStorageRddAsync(string app, int rddId, CancellationToken cancellationToken = default);

    /// <summary>GET …/allmiscellaneousprocess (e.g. the YARN application master).</summary>
    [Get("/api/v1/applications/{**app}/allmiscellaneousprocess")]
    Task<List<SparkProcessDto>> GetMiscellaneousProcessesAsync(string app, CancellationToken cancellationToken = default);
}
