using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Advice;

/// <summary>Median and maximum task run time of one stage (the REST API's task summary at quantiles 0.5 and 1.0), ms.</summary>
/// <param name="StageId">Stage id.</param>
/// <param name="MedianRunMs">Median executorRunTime of the stage's tasks, ms.</param>
/// <param name="MaxRunMs">Largest executorRunTime, ms.</param>
public sealed record StageTaskDurations(int StageId, double MedianRunMs, double MaxRunMs);

/// <summary>
/// Everything the advisor reads about one run, all from Spark's REST API (history server or live driver): the Spark
/// properties, every executor and the driver (dead ones included), stages, jobs, cached RDDs and optionally per-stage task
/// duration summaries. Lists may be empty when Spark sent nothing; rules that need what is missing say nothing.
/// </summary>
/// <param name="RunId">Application id.</param>
/// <param name="Label">How the page names this run (the application name, or the side's label).</param>
/// <param name="SparkProperties">Spark properties (environment).</param>
/// <param name="Executors">allexecutors: executors and the driver (<c>Id</c> "driver").</param>
/// <param name="Stages">Stages (all attempts).</param>
/// <param name="Jobs">Jobs (give stages their job position for matching).</param>
/// <param name="Storage">Cached RDDs (storage/rdd).</param>
/// <param name="TaskDurations">Task duration summaries by stage id; empty when not fetched.</param>
public sealed record AdvisorInput(
    string RunId,
    string Label,
    IReadOnlyDictionary<string, string> SparkProperties,
    IReadOnlyList<SparkExecutor> Executors,
    IReadOnlyList<SparkStage> Stages,
    IReadOnlyList<SparkJob> Jobs,
    IReadOnlyList<SparkRddStorage> Storage,
    IReadOnlyDictionary<int, StageTaskDurations>? TaskDurations = null)
{
    /// <summary>Executors without the driver.</summary>
    public IEnumerable<SparkExecutor> WorkerExecutors => Executors.Where(e => e.Id != "driver");

    /// <summary>The driver's entry, when listed.</summary>
    public SparkExecutor? Driver => Executors.FirstOrDefault(e => e.Id == "driver");

    /// <summary>The last attempt of every stage id that completed.</summary>
    public IReadOnlyList<SparkStage> CompletedStages => Stages
        .GroupBy(s => s.StageId)
        .Select(g => g.OrderByDescending(s => s.AttemptId).First())
        .Where(s => s.Status == "COMPLETE")
        .OrderBy(s => s.StageId)
        .ToList();

    /// <summary>Loads the input of <paramref name="appId"/> from <paramref name="source"/> (five calls at once).</summary>
    /// <exception cref="SparkTuner.Core.Series.DataSourceException">The REST API failed (see <see cref="ISparkHistorySource"/>).</exception>
    public static async Task<AdvisorInput> LoadAsync(ISparkHistorySource source, string appId, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var env = source.EnvironmentAsync(appId, null, cancellationToken);
        var executors = source.AllExecutorsAsync(appId, null, cancellationToken);
        var stages = source.StagesAsync(appId, null, cancellationToken);
        var jobs = source.JobsAsync(appId, null, cancellationToken);
        var storage = source.StorageRddsAsync(appId, null, cancellationToken);
        try
        {
            await Task.WhenAll(env, executors, stages, jobs, storage);
        }
        catch
        {
            // The first failure is rethrown below; the others are observed here.
        }
        var durations = await LoadTaskDurationsAsync(source, appId, await stages, cancellationToken);
        return new AdvisorInput(appId, label, (await env).SparkPropertyMap(), await executors, await stages, await jobs, await storage, durations);
    }

    /// <summary>Stages whose task summary is asked for: the longest by executor run time (each summary is one call).</summary>
    public const int MaxTaskSummaries = 20;

    /// <summary>
    /// Task duration summaries of the <see cref="MaxTaskSummaries"/> completed stages with the most executor run time and at
    /// least two tasks, four calls at a time. Optional data: a stage whose summary fails or is unknown is left out (the
    /// skew rule then does not judge it); cancellation is passed on.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, StageTaskDurations>> LoadTaskDurationsAsync(
        ISparkHistorySource source, string appId, IReadOnlyList<SparkStage> stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stages);
        var picked = stages
            .GroupBy(s => s.StageId).Select(g => g.OrderByDescending(s => s.AttemptId).First())
            .Where(s => s.Status == "COMPLETE" && s.NumTasks is >= 2)
            .OrderByDescending(s => s.ExecutorRunTime ?? TimeSpan.Zero).ThenBy(s => s.StageId)
            .Take(MaxTaskSummaries)
            .ToList();
        var result = new System.Collections.Concurrent.ConcurrentDictionary<int, StageTaskDurations>();
        await Parallel.ForEachAsync(picked, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (stage, ct) =>
        {
            try
            {
                if (await source.StageTaskDurationsAsync(appId, stage.StageId, stage.AttemptId, ct) is { } d) result[stage.StageId] = d;
            }
            catch (SparkTuner.Core.Series.DataSourceException)
            {
                // Optional: this stage's skew is not judged.
            }
        });
        return result.ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
