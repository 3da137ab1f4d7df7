using System.Text;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using Microsoft.Extensions.Options;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// The HTTP API: the same code path as the pages and the CLI. Errors come back as <c>{"error": "…"}</c> with
/// 400 (bad parameter), 404 (unknown run) or 502 (Prometheus failed), never as a stack trace; <c>/api/doctor</c>
/// always answers with its report (502 when it could not check).
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapSparkTunerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/runs", RunsAsync);
        api.MapGet("/compare", CompareAsync);
        api.MapGet("/doctor", DoctorAsync);
        return app;
    }

    /// <summary>
    /// The data-source check as JSON (<see cref="DoctorJson"/>): 200 with the report, also when it found problems
    /// (<c>status</c> says which); 502 with the same report when Prometheus is not reachable or a check failed.
    /// </summary>
    private static async Task<IResult> DoctorAsync(string? run, DataSourceDoctor doctor, CancellationToken ct)
    {
        var report = await doctor.CheckAsync(string.IsNullOrWhiteSpace(run) ? null : run, ct);
        return Results.Text(DoctorJson.Serialize(report), "application/json", Encoding.UTF8,
            report.Status == DoctorStatus.Failed ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK);
    }

    private static async Task<IResult> RunsAsync(string? from, string? to, RunDiscovery discovery, TimeProvider clock, IOptions<RunsOptions> runs, CancellationToken ct)
    {
        return await Guard(async () =>
        {
            var (f, t) = Range(from, to, clock, TimeSpan.FromDays(runs.Value.LookbackDays));
            var found = await discovery.DiscoverAsync(f, t, ct);
            return Results.Text(RunJson.Serialize(found), "application/json", Encoding.UTF8);
        });
    }

    private static async Task<IResult> CompareAsync(
        string? baseline, string? candidate, string? from, string? to, string? metrics, string? aggregation, string? format,
        ComparisonService service, TimeProvider clock, IOptions<RunsOptions> runs, CancellationToken ct)
    {
        return await Guard(async () =>
        {
            var b = Ids(baseline, "baseline");
            var c = Ids(candidate, "candidate");
            var (f, t) = Range(from, to, clock, TimeSpan.FromDays(runs.Value.LookbackDays));
            ExecutorAggregation? agg = null;
            if (!string.IsNullOrWhiteSpace(aggregation))
            {
                if (!Enum.TryParse<ExecutorAggregation>(aggregation, true, out var a) || int.TryParse(aggregation, out _))
                {
                    throw new ArgumentException($"'aggregation={aggregation}' is not one of sum, max, mean, each");
                }
                agg = a;
            }
            var rows = string.IsNullOrWhiteSpace(metrics) ? null : metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // The summary needs no chart series: fetch only what the rows use.
            var report = await service.CompareAsync(new CompareRequest(b, c, f, t, rows, Groups: [], Aggregation: agg), null, ct);
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                var sw = new StringWriter();
                ComparisonCsv.Write(report.Result, sw);
                return Results.Text(sw.ToString(), "text/csv", Encoding.UTF8);
            }
            if (!string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'format={format}' is not json or csv");
            }
            return Results.Text(ComparisonJson.Serialize(report.Result), "application/json", Encoding.UTF8);
        });
    }

    private static IReadOnlyList<string> Ids(string? raw, string name)
    {
        var ids = (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ids.Length > 0 ? ids : throw new ArgumentException($"'{name}' names no run: pass {name}=ID[,ID…]");
    }

    private static (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to, TimeProvider clock, TimeSpan lookback)
    {
        var now = clock.GetUtcNow();
        var t = string.IsNullOrWhiteSpace(to) ? now : TimeArgument.Parse(to, now);
        var f = string.IsNullOrWhiteSpace(from) ? t - lookback : TimeArgument.Parse(from, now);
        if (t <= f) throw new ArgumentException($"the range ends ({t:u}) before it starts ({f:u})");
        return (f, t);
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (UnknownRunsException ex)
        {
            return Results.Json(new { error = ex.Message, unknown = ex.Ids }, statusCode: StatusCodes.Status404NotFound);
        }
        catch (DataSourceException ex)
        {
            return Results.Json(new { error = ex.Message, errorType = ex.ErrorType }, statusCode: StatusCodes.Status502BadGateway);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
