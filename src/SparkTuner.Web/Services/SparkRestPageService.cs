using Microsoft.Extensions.Options;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>
/// Loads the Compare page's Spark REST sections for one run of each side: application info, stages, jobs, SQL
/// executions, environment and storage of both applications concurrently, mapped through Core (StageMatcher, PlanDiff,
/// ConfigDiff, CachedDataSummary). Never throws for data-source failures: a failing call becomes a message on its
/// section or on the whole view model.
/// </summary>
public sealed class SparkRestPageService(ISparkHistorySource source, IOptions<SparkRestOptions> options, ILogger<SparkRestPageService> log)
{
    /// <summary>Whether SparkRest:BaseUrl is set.</summary>
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Loads and compares the REST data of <paramref name="baseline"/> and <paramref name="candidate"/>.</summary>
    public async Task<SparkRestViewModel> LoadAsync(SparkRun baseline, SparkRun candidate, CancellationToken cancellationToken)
    {
        var bInfo = Info("baseline", baseline, null);
        var cInfo = Info("candidate", candidate, null);
        if (!IsConfigured) return new SparkRestViewModel(SparkRestStatus.NotConfigured, SparkRestViewModel.HowToConfigure, bInfo, cInfo);

        var b = Side.Start(source, baseline.Id, cancellationToken);
        var c = Side.Start(source, candidate.Id, cancellationToken);
        var bApp = await Try(b.App);
        var cApp = await Try(c.App);
        if (bApp.Error is not null || cApp.Error is not null)
        {
            var errors = new[] { bApp.Error, cApp.Error }.Where(e => e is not null).Select(e => e!).ToList();
            await Side.Drain(b, c);
            if (errors.All(e => e.ErrorType == "not_found"))
            {
                var missing = new[] { (baseline.Id, bApp.Error), (candidate.Id, cApp.Error) }.Where(x => x.Item2 is not null).Select(x => x.Id);
                return new SparkRestViewModel(SparkRestStatus.AppMissing,
                    $"The Spark REST API at {options.Value.NormalisedBaseUrl()} has no application {string.Join(" and ", missing.Select(id => $"'{id}'"))}. " +
                    "The history server may not have its event log, or the driver UI is gone.",
                    Info("baseline", baseline, bApp.Value), Info("candidate", candidate, cApp.Value));
            }
            var notFound = errors.FirstOrDefault(e => e.ErrorType != "not_found") ?? errors[0];
            return new SparkRestViewModel(notFound.ErrorType == "not_configured" ? SparkRestStatus.NotConfigured : SparkRestStatus.Unreachable,
                notFound.ErrorType == "not_configured" ? SparkRestViewModel.HowToConfigure : notFound.Message, bInfo, cInfo);
        }

        bInfo = Info("baseline", baseline, bApp.Value);
        cInfo = Info("candidate", candidate, cApp.Value);
        var stages = Section(async () =>
        {
            var (bs, cs, bj, cj) = (await b.Stages, await c.Stages, await b.Jobs, await c.Jobs);
            return StageMatcher.Match(bs, cs, bj, cj);
        });
        var plans = Section(async () =>
        {
            var match = PlanDiff.MatchExecutions(await b.Sql, await c.Sql);
            var pairs = match.Pairs
                .Select(p => new SqlPlanPairViewModel(p.Baseline.Description, p.Baseline.Id, p.Candidate.Id, PlanDiff.Compare(p.Baseline, p.Candidate)))
                .OrderBy(p => p.Diff.IsIdentical).ThenBy(p => p.BaselineId)
                .ToList();
            return new SqlPlansViewModel(pairs, match.OnlyInBaseline.Select(e => e.Description).ToList(), match.OnlyInCandidate.Select(e => e.Description).ToList());
        });
        var config = Section(async () => new ConfigDiffViewModel(ConfigDiff.Compare(await b.Environment, await c.Environment, includeEqual: true)));
        var cached = Section(async () => new CachedDataViewModel(CachedDataSummary.From(await b.Storage), CachedDataSummary.From(await c.Storage)));
        // The advisor reads the same answers plus every executor (dead ones too): the same numbers as the sections below.
        var advice = Section(async () => Advisor.Advise(await b.AdvisorInput(source, $"baseline {baseline.Name}", cancellationToken), await c.AdvisorInput(source, $"candidate {candidate.Name}", cancellationToken)));
        return new SparkRestViewModel(SparkRestStatus.Ready, null, bInfo, cInfo, await stages, await plans, await config, await cached, await advice);
    }

    /// <summary>
    /// Which of <paramref name="runIds"/> the REST API knows (one listing call). Null when not configured or unreachable,
    /// so the Runs page shows no indicator rather than a wrong one.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SparkApplication>?> KnownApplicationsAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured) return null;
        try
        {
            // Bounded: a busy history server lists every application it ever saw; the newest are the ones on the page.
            var apps = await source.ListApplicationsAsync(limit: 2000, cancellationToken: cancellationToken);
            var known = new Dictionary<string, SparkApplication>(StringComparer.Ordinal);
            foreach (var app in apps) known.TryAdd(app.Id, app);
            return known;
        }
        catch (DataSourceException ex)
        {
            log.LogInformation("Spark REST listing failed: {Message}", ex.Message);
            return null;
        }
    }

    private static SparkRestRunInfo Info(string side, SparkRun run, SparkApplication? app)
    {
        var attempt = app?.LatestAttempt;
        return new SparkRestRunInfo(side, run.Id, run.Name, run.Start, run.End, attempt?.Start, attempt?.End,
            attempt?.Duration ?? (attempt?.Start is { } s && attempt.End is { } e ? e - s : null));
    }

    private async Task<SparkRestSection<T>> Section<T>(Func<Task<T>> load) where T : class
    {
        try
        {
            return new SparkRestSection<T>(await load(), null);
        }
        catch (DataSourceException ex)
        {
            return new SparkRestSection<T>(null, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Spark REST section failed");
            return new SparkRestSection<T>(null, $"This section could not be built: {ex.Message}");
        }
    }

    private static async Task<(T? Value, DataSourceException? Error)> Try<T>(Task<T> task) where T : class
    {
        try
        {
            return (await task, null);
        }
        catch (DataSourceException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>The concurrent calls of one application.</summary>
    private sealed record Side(
        Task<SparkApplication> App,
        Task<IReadOnlyList<SparkStage>> Stages,
        Task<IReadOnlyList<SparkJob>> Jobs,
        Task<IReadOnlyList<SparkSqlExecution>> Sql,
        Task<SparkEnvironment> Environment,
        Task<IReadOnlyList<SparkRddStorage>> Storage,
        Task<IReadOnlyList<SparkExecutor>> Executors,
        string AppId)
    {
        public static Side Start(ISparkHistorySource s, string appId, CancellationToken ct) => new(
            s.GetApplicationAsync(appId, ct), s.StagesAsync(appId, null, ct), s.JobsAsync(appId, null, ct),
            s.SqlExecutionsAsync(appId, null, ct), s.EnvironmentAsync(appId, null, ct), s.StorageRddsAsync(appId, null, ct),
            s.AllExecutorsAsync(appId, null, ct), appId);

        public async Task<AdvisorInput> AdvisorInput(ISparkHistorySource source, string label, CancellationToken ct) =>
            new(AppId, label, (await Environment).SparkPropertyMap(), await Executors, await Stages, await Jobs, await Storage,
                await Core.Advice.AdvisorInput.LoadTaskDurationsAsync(source, AppId, await Stages, ct));

        /// <summary>Observes every task so that abandoned failures are not reported as unobserved.</summary>
        public static async Task Drain(params Side[] sides)
        {
            foreach (var side in sides)
            {
                Task[] all = [side.App, side.Stages, side.Jobs, side.Sql, side.Environment, side.Storage, side.Executors];
                try { await Task.WhenAll(all); } catch (Exception ex) when (ex is not OperationCanceledException) { }
            }
        }
    }
}
