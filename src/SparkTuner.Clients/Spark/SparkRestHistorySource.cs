using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;
using SparkTuner.Clients.Security;
using SparkTuner.Clients.Telemetry;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Spark;

/// <summary>
/// <see cref="ISparkHistorySource"/> over Spark's REST API. Maps wire DTOs to Core types (units normalised once, in
/// <see cref="SparkRestMapper"/>) and every failure to one <see cref="DataSourceException"/> whose message names the URL
/// and the application. Those messages pass the <see cref="SecretRedactor"/> of the configured token and headers: a proxy
/// may echo them in its reason phrase or error text, and the messages reach pages, the API and logs.
/// </summary>
public sealed class SparkRestHistorySource : ISparkHistorySource
{
    /// <summary>Page size for /sql (Spark's default length is 20).</summary>
    public const int SqlPageSize = 20;

    private readonly ISparkRestApi _api;
    private readonly string? _baseUrl;
    private readonly ConcurrentDictionary<string, string> _appPaths = new(StringComparer.Ordinal);
    private readonly SecretRedactor _redactor;

    /// <summary>DI constructor.</summary>
    public SparkRestHistorySource(ISparkRestApi api, IOptions<SparkRestOptions> options)
        : this(api, options.Value.NormalisedBaseUrl(), SecretRedactor.For(options.Value))
    {
    }

    /// <summary>Direct constructor; <paramref name="baseUrl"/> is only used for messages and the configured check;
    /// <paramref name="redactor"/> removes the credentials the client sends from error messages (none by default).</summary>
    public SparkRestHistorySource(ISparkRestApi api, string? baseUrl, SecretRedactor? redactor = null)
    {
        _api = api;
        _baseUrl = baseUrl?.TrimEnd('/');
        _redactor = redactor ?? SecretRedactor.None;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SparkApplication>> ListApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var dtos = await CallAsync("applications", null, ct => _api.GetApplicationsAsync(status, limit, ct), cancellationToken);
        return dtos.Select(SparkRestMapper.Application).ToList();
    }

    /// <inheritdoc />
    public async Task<SparkApplication> GetApplicationAsync(string appId, CancellationToken cancellationToken = default)
    {
        var dto = await CallAsync($"applications/{appId}", appId, ct => _api.GetApplicationAsync(appId, ct), cancellationToken);
        return SparkRestMapper.Application(dto);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SparkExecutor>> ExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
        ListAsync(appId, attemptId, "executors", _api.GetExecutorsAsync, SparkRestMapper.Executor, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SparkExecutor>> AllExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
        ListAsync(appId, attemptId, "allexecutors", _api.GetAllExecutorsAsync, SparkRestMapper.Executor, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SparkStage>> StagesAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
        ListAsync(appId, attemptId, "stages?details=false", _api.GetStagesAsync, SparkRestMapper.Stage, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SparkJob>> JobsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
        ListAsync(appId, attemptId, "jobs", _api.GetJobsAsync, SparkRestMapper.Job, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SparkRddStorage>> StorageRddsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
        ListAsync(appId, attemptId, "storage/rdd", _api.GetStorageRddsAsync, SparkRestMapper.Rdd, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SparkSqlExecution>> SqlExecutionsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default)
    {
        var app = await AppPathAsync(appId, attemptId, cancellationToken);
        var all = new List<SparkSqlExecution>();
        for (var offset = 0; ; offset += SqlPageSize)
        {
            var page = await CallAsync($"applications/{app}/sql?offset={offset}&length={SqlPageSize}", appId,
                ct => _api.GetSqlAsync(app, offset, SqlPageSize, ct), cancellationToken);
            all.AddRange(page.Select(SparkRestMapper.SqlExecution));
            if (page.Count < SqlPageSize) break;
        }

        return all;
    }

    /// <inheritdoc />
    public async Task<SparkTuner.Core.Advice.StageTaskDurations?> StageTaskDurationsAsync(string appId, int stageId, int stageAttemptId, CancellationToken cancellationToken = default)
    {
        var app = await AppPathAsync(appId, null, cancellationToken);
        var dto = await CallAsync($"applications/{app}/stages/{stageId}/{stageAttemptId}/taskSummary?quantiles=0.5,1.0", appId,
            ct => _api.GetTaskQuantilesAsync(app, stageId, stageAttemptId, "0.5,1.0", ct), cancellationToken);
        return SparkRestMapper.TaskDurations(stageId, dto);
    }

    /// <inheritdoc />
    public async Task<SparkEnvironment> EnvironmentAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default)
    {
        var app = await AppPathAsync(appId, attemptId, cancellationToken);
        var dto = await CallAsync($"applications/{app}/environment", appId, ct => _api.GetEnvironmentAsync(app, ct), cancellationToken);
        return SparkRestMapper.Environment(dto);
    }

    private async Task<IReadOnlyList<TCore>> ListAsync<TDto, TCore>(
        string appId, string? attemptId, string endpoint,
        Func<string, CancellationToken, Task<List<TDto>>> call, Func<TDto, TCore> map, CancellationToken cancellationToken)
    {
        var app = await AppPathAsync(appId, attemptId, cancellationToken);
        var dtos = await CallAsync($"applications/{app}/{endpoint}", appId, ct => call(app, ct), cancellationToken);
        return dtos.Select(map).ToList();
    }

    /// <summary>"id" or "id/attemptId": explicit attempt wins (empty string = no segment), else the latest attempt's id.</summary>
    private async Task<string> AppPathAsync(string appId, string? attemptId, CancellationToken cancellationToken)
    {
        if (attemptId is not null) return attemptId.Length == 0 ? appId : $"{appId}/{attemptId}";
        if (_appPaths.TryGetValue(appId, out var cached)) return cached;
        var app = await GetApplicationAsync(appId, cancellationToken);
        var latest = app.LatestAttempt;
        var path = string.IsNullOrEmpty(latest?.AttemptId) ? appId : $"{appId}/{latest.AttemptId}";
        if (latest?.Completed == true) _appPaths[appId] = path; // a running app may still get a new attempt
        return path;
    }

    private async Task<T> CallAsync<T>(string relativePath, string? appId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timing = UpstreamMetrics.Start(UpstreamMetrics.SparkRest, UpstreamMetrics.SparkRestOperation(relativePath));
        try
        {
            return await CallUnredactedAsync(relativePath, appId, call, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            timing.Cancelled();
            throw;
        }
        catch (DataSourceException ex)
        {
            timing.Failed(ex.ErrorType);
            var clean = _redactor.Scrub(ex);
            if (ReferenceEquals(clean, ex)) throw;
            throw clean;
        }
    }

    private async Task<T> CallUnredactedAsync<T>(string relativePath, string? appId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_baseUrl is null)
            throw new DataSourceException("not_configured",
                $"Spark REST API is not configured: set {SparkRestOptions.SectionName}:BaseUrl to the history server (http://host:18080) or driver UI (http://driver:4040).",
                relativePath);
        var url = $"{_baseUrl}/api/v1/{relativePath}";
        var forApp = appId is null ? "" : $" for application '{appId}'";
        try
        {
            var result = await call(cancellationToken);
            return result ?? throw new DataSourceException("bad_response", $"Spark REST: {url} returned an empty body{forApp}.", url);
        }
        catch (ApiRequestException ex) when (ex.InnerException is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (ApiRequestException ex)
        {
            // Refit 16 wraps transport failures (after the resilience pipeline gave up) in ApiRequestException.
            throw ex.InnerException switch
            {
                TimeoutRejectedException or OperationCanceledException =>
                    new DataSourceException("timeout", $"Spark REST: {url} did not answer in time{forApp}.", url, null, ex),
                BrokenCircuitException =>
                    new DataSourceException("unreachable", $"Spark REST: {url} is failing repeatedly; calls paused for a while{forApp}.", url, null, ex),
                _ => new DataSourceException("unreachable", $"Spark REST: cannot reach {url}: {ex.InnerException?.Message ?? ex.Message}", url, null, ex),
            };
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            var what = appId is null ? $"Spark REST: {url} not found (HTTP 404)." : $"Spark REST: application '{appId}' not found at {url} (HTTP 404).";
            throw new DataSourceException("not_found", what, url, 404, ex);
        }
        catch (ApiException ex) when ((int)ex.StatusCode is < 200 or > 299)
        {
            throw new DataSourceException("http_error", $"Spark REST: {url} answered HTTP {(int)ex.StatusCode} {ex.ReasonPhrase}{forApp}.", url, (int)ex.StatusCode, ex);
        }
        catch (ApiException ex)
        {
            var type = ex.ContentHeaders?.ContentType?.MediaType ?? "unknown content type";
            throw new DataSourceException("bad_response", $"Spark REST: {url} did not return Spark JSON ({type}){forApp}.", url, (int)ex.StatusCode, ex);
        }
        catch (JsonException ex)
        {
            throw new DataSourceException("bad_response", $"Spark REST: {url} did not return Spark JSON ({ex.Message}){forApp}.", url, null, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new DataSourceException("timeout", $"Spark REST: {url} did not answer in time{forApp}.", url, null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataSourceException("timeout", $"Spark REST: {url} did not answer in time{forApp}.", url, null, ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new DataSourceException("unreachable", $"Spark REST: {url} is failing repeatedly; calls paused for a while{forApp}.", url, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DataSourceException("unreachable", $"Spark REST: cannot reach {url}: {ex.Message}", url, null, ex);
        }
    }
}
