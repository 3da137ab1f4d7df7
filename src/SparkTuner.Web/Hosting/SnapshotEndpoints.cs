using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Series;
using SparkTuner.Core.Snapshots;
using SparkTuner.Storage;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// Snapshots in the web app: the store (<see cref="SnapshotStorage"/>), its database prepared before the first request,
/// retention, and <c>/api/snapshots</c>.
/// </summary>
public static class SnapshotEndpoints
{
    /// <summary>Body of a created snapshot.</summary>
    /// <param name="Id">Snapshot id.</param>
    /// <param name="Url">Its page, with the view options of the request.</param>
    /// <param name="SizeBytes">Stored size in bytes.</param>
    public sealed record CreatedSnapshot(string Id, string Url, long SizeBytes);

    /// <summary>Body of the list.</summary>
    /// <param name="Snapshots">Newest first.</param>
    /// <param name="TotalBytes">Stored size of all snapshots.</param>
    /// <param name="TotalCount">Number of all snapshots.</param>
    public sealed record SnapshotList(IReadOnlyList<SnapshotSummary> Snapshots, long TotalBytes, int TotalCount);

    /// <summary>Registers the store, the services of the pages and retention.</summary>
    public static WebApplicationBuilder AddSnapshots(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSnapshotStorage(builder.Configuration);
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddScoped<SnapshotService>();
        builder.Services.AddHostedService<SnapshotRetention>();
        return builder;
    }

    /// <summary>Creates or migrates the database now (before the server answers anything), then maps the API.</summary>
    public static WebApplication UseSnapshots(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        SnapshotStorage.PrepareAsync(app.Services).GetAwaiter().GetResult();
        var api = app.MapGroup("/api/snapshots").WithTags("Snapshots");
        api.AddEndpointFilterFactory(KnownQueryParameters.Filter);
        api.MapPost("", CreateAsync).WithName("CreateSnapshot")
            .WithSummary("Takes a snapshot of a comparison (the Compare page's link parameters); 201 with its id and link")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("", ListAsync).WithName("ListSnapshots").WithSummary("Snapshots newest first, optionally searched by run name, run id or side label");
        api.MapGet("/{id}", ExportAsync).WithName("GetSnapshot").WithSummary("A snapshot's versioned JSON (the export format)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteSnapshot").WithSummary("Deletes a snapshot").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<CreatedSnapshot>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [Description("Baseline run ids, comma-separated")] string? baseline,
        [Description("Candidate run ids, comma-separated")] string? candidate,
        [Description("Start of the range the runs are searched in (Unix seconds or RFC 3339)")] string? from,
        [Description("End of that range")] string? to,
        [Description("Metric groups the snapshot's link shows (all are stored)")] string? groups,
        [Description("Executor aggregation its link shows: sum, max, mean or each")] string? agg,
        [Description("Chart layout its link shows: overlay or side")] string? layout,
        [Description("Which run of each side the Spark REST sections compare, 1-based: 2,1")] string? rest,
        SnapshotService snapshots, ComparePageService pages, CancellationToken ct)
    {
        var query = new Dictionary<string, string?>
        {
            ["baseline"] = baseline, ["candidate"] = candidate, ["from"] = from, ["to"] = to,
            ["groups"] = groups, ["agg"] = agg, ["layout"] = layout, ["rest"] = rest,
        };
        var (state, errors) = DashboardUrls.ParseCompare(query, pages.GroupKeys, pages.MaxRunsPerSide);
        if (state is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["link"] = errors.ToArray() },
                detail: string.Join("; ", errors), title: "The request is not valid");
        }
        try
        {
            var (snapshot, size) = await snapshots.CreateAsync(state, ct);
            var url = SnapshotUrls.Of(snapshot.Id, state);
            return TypedResults.Created(url, new CreatedSnapshot(snapshot.Id, url, size));
        }
        catch (UnknownRunsException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
                extensions: new Dictionary<string, object?> { ["unknown"] = ex.Ids });
        }
        catch (DataSourceException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: ex.ErrorType == "timeout" ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                title: "The data source failed", extensions: new Dictionary<string, object?> { ["errorType"] = ex.ErrorType });
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["link"] = [ex.Message] }, detail: ex.Message, title: "The request is not valid");
        }
    }

    private static async Task<Ok<SnapshotList>> ListAsync(
        [Description("Part of a run name, run id or side label (case-insensitive)")] string? search, ISnapshotStore store, CancellationToken ct)
    {
        var list = await store.ListAsync(search, cancellationToken: ct);
        var (bytes, count) = await store.TotalsAsync(ct);
        return TypedResults.Ok(new SnapshotList(list, bytes, count));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(string id, ISnapshotStore store, CancellationToken ct) =>
        await store.ExportAsync(id, ct) is { } json
            ? TypedResults.Text(Encoding.UTF8.GetString(json), "application/json", Encoding.UTF8)
            : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, SnapshotService snapshots, CancellationToken ct) =>
        await snapshots.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        $"No snapshot with id '{(id.Length > 40 ? id[..40] + "…" : id)}'. It may have been deleted, or removed by retention (Snapshots:RetentionDays).",
        statusCode: StatusCodes.Status404NotFound, title: "Unknown snapshot");
}

/// <summary>Deletes snapshots older than Snapshots:RetentionDays at start and every 6 hours (0 keeps them).</summary>
public sealed class SnapshotRetention(ISnapshotStore store, IOptions<SnapshotOptions> options, TimeProvider clock, ILogger<SnapshotRetention> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6), clock);
        do
        {
            if (options.Value.RetentionDays > 0)
            {
                try
                {
                    var removed = await store.DeleteOlderThanAsync(clock.GetUtcNow().AddDays(-options.Value.RetentionDays), stoppingToken);
                    if (removed > 0) log.LogInformation("Retention removed {Count} snapshot(s) older than {Days} days", removed, options.Value.RetentionDays);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Snapshot retention failed; it runs again in 6 hours");
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
