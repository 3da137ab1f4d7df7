using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// The HTTP API: the same code path as the pages and the CLI. Successful bodies are the CLI's JSON (or CSV). Errors are
/// RFC 9457 problem details (<c>application/problem+json</c>): 400 with <c>errors</c> per query parameter for what the
/// request got wrong — validated here, before any work, and a query parameter the endpoint does not know is refused
/// the same way (<see cref="KnownQueryParameters"/>) —, 404 for unknown runs, 502 when the data source failed, 504
/// when it did not answer in time, and 500 (logged, no details) for the server's own faults
/// (<see cref="ApiExceptionHandler"/>). <c>/api/doctor</c> answers with its report (502 when it could not check) to any
/// request with known parameters.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapSparkTunerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("SparkTuner");
        api.AddEndpointFilterFactory(KnownQueryParameters.Filter);
        api.MapGet("/runs", RunsAsync)
            .WithName("ListRuns")
            .WithSummary("The Spark applications found in a time range")
            .Produces<IReadOnlyList<RunDto>>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapGet("/compare", CompareAsync)
            .WithName("Compare")
            .WithSummary("Compares baseline runs with candidate runs: one row per metric with % change, RIP and a verdict")
            .Produces<ComparisonResult>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapGet("/doctor", DoctorAsync)
            .WithName("Doctor")
            .WithSummary("The data-source check: which metrics each exporter profile finds, duplicates, the scrape interval")
            .WithDescription("200 with the report (its status says healthy or problems); 502 with the same report when Prometheus could not be checked.")
            .Produces<object>(StatusCodes.Status200OK, "application/json")
            .Produces<object>(StatusCodes.Status502BadGateway, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return app;
    }

    /// <summary>
    /// The data-source check as JSON (<see cref="DoctorJson"/>): 200 with the report, also when it found problems
    /// (<c>status</c> says which); 502 with the same report when Prometheus is not reachable or a check failed.
    /// </summary>
    private static async Task<ContentHttpResult> DoctorAsync(
        [Description("A run id to check; default: the most recent run of the last 24 h")] string? run,
        DataSourceDoctor doctor, CancellationToken ct)
    {
        var report = await doctor.CheckAsync(string.IsNullOrWhiteSpace(run) ? null : run, ct);
        return TypedResults.Text(DoctorJson.Serialize(report), "application/json", Encoding.UTF8,
            report.Status == DoctorStatus.Failed ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> RunsAsync(
        [Description("Start of the range: RFC 3339, Unix seconds or now-6h; default: to minus Runs:LookbackDays")] string? from,
        [Description("End of the range; default now")] string? to,
        RunDiscovery discovery, TimeProvider clock, IOptions<RunsOptions> runs, CancellationToken ct)
    {
        var request = new RequestErrors();
        var range = request.Range(from, to, clock.GetUtcNow(), runs.Value);
        if (request.HasErrors) return request.Problem();
        try
        {
            var found = await discovery.DiscoverAsync(range.From, range.To, ct);
            return TypedResults.Text(RunJson.Serialize(found), "application/json", Encoding.UTF8);
        }
        catch (DataSourceException ex)
        {
            return DataSourceProblem(ex);
        }
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> CompareAsync(
        [Description("Baseline run ids, comma-separated, each once; at most Runs:MaxRunsPerSide (default 20)")] string? baseline,
        [Description("Candidate run ids, comma-separated, each once, none of them a baseline run; at most Runs:MaxRunsPerSide")] string? candidate,
        [Description("Start of the range the runs are searched in: RFC 3339, Unix seconds or now-6h")] string? from,
        [Description("End of that range; default now")] string? to,
        [Description("Summary rows to compute, comma-separated ids (default: all)")] string? metrics,
        [Description("Executor aggregation: sum, max, mean or each")] string? aggregation,
        [Description("json (default) or csv")] string? format,
        [Description("true: add the advisor's findings, memory models and cache verdict (Spark REST API, first run of each side) to the JSON")] string? advice,
        ComparisonService service, TimeProvider clock, IOptions<RunsOptions> runs, SparkTuner.Core.Spark.ISparkHistorySource spark, CancellationToken ct)
    {
        var request = new RequestErrors();
        // The same parse as the Compare page's links: duplicates refused, at most Runs:MaxRunsPerSide ids a side.
        var sides = RunSelection.Parse(baseline, candidate, runs.Value.MaxRunsPerSide);
        foreach (var error in sides.Errors)
        {
            request.Add(error.Parameter, error.Message);
        }
        var (b, c) = (sides.Baseline, sides.Candidate);
        var range = request.Range(from, to, clock.GetUtcNow(), runs.Value);
        var rows = request.Metrics(metrics, service.Catalog);
        var agg = request.Aggregation(aggregation);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(format) && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            request.Add("format", $"'{format}' is not json or csv");
        }
        var withAdvice = request.Flag("advice", advice);
        if (withAdvice && csv) request.Add("advice", "advice is in the JSON only; leave out format=csv");
        if (request.HasErrors) return request.Problem();

        try
        {
            // The summary needs no chart series: fetch only what the rows use.
            var report = await service.CompareAsync(new CompareRequest(b, c, range.From, range.To, rows, Groups: [], Aggregation: agg), null, ct);
            if (withAdvice)
            {
                report = report with { Result = await AdvisedAsync(report, spark, ct) };
            }
            if (csv)
            {
                var sw = new StringWriter();
                ComparisonCsv.Write(report.Result, sw);
                return TypedResults.Text(sw.ToString(), "text/csv", Encoding.UTF8);
            }
            return TypedResults.Text(ComparisonJson.Serialize(report.Result), "application/json", Encoding.UTF8);
        }
        catch (UnknownRunsException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
                extensions: new Dictionary<string, object?> { ["unknown"] = ex.Ids });
        }
        catch (DataSourceException ex)
        {
            return DataSourceProblem(ex);
        }
    }

    /// <summary>
    /// The result with the advisor's report for the first run of each side; when Spark's REST API cannot give it (not
    /// configured, unreachable, run unknown), the result without advice and a warning saying why.
    /// </summary>
    private static async Task<ComparisonResult> AdvisedAsync(ComparisonReport report, SparkTuner.Core.Spark.ISparkHistorySource spark, CancellationToken ct)
    {
        try
        {
            var advice = await SparkTuner.Core.Advice.Advisor.AdviseAsync(spark, report.BaselineRuns[0], report.CandidateRuns[0], ct);
            return report.Result with { Advice = advice };
        }
        catch (DataSourceException ex)
        {
            return report.Result with { Warnings = [.. report.Result.Warnings, $"No advice: the Spark REST API failed: {ex.Message}"] };
        }
    }

    /// <summary>504 when the data source did not answer in time (our deadline, or its own query timeout); 502 for any other failure of it.</summary>
    private static ProblemHttpResult DataSourceProblem(DataSourceException ex)
    {
        var timedOut = ex.ErrorType == "timeout";
        return TypedResults.Problem(ex.Message,
            statusCode: timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
            title: timedOut ? "The data source did not answer in time" : "The data source failed",
            extensions: new Dictionary<string, object?> { ["errorType"] = ex.ErrorType });
    }

    /// <summary>What the request got wrong, by query parameter; answered as one 400 validation problem.</summary>
    private sealed class RequestErrors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public bool HasErrors => _errors.Count > 0;

        public void Add(string parameter, string message)
        {
            if (!_errors.TryGetValue(parameter, out var list)) _errors[parameter] = list = [];
            list.Add(message);
        }

        public ValidationProblem Problem() => TypedResults.ValidationProblem(
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            detail: string.Join("; ", _errors.SelectMany(e => e.Value).Select(m => m.TrimEnd('.'))),
            title: "The request is not valid");

        /// <summary>
        /// The search range (<see cref="SearchRange.Resolve"/>): a future <c>to</c> is clipped to now; a range longer than
        /// Runs:MaxSearchRangeDays, starting in the future or ending before it starts is refused here, before any query.
        /// </summary>
        public (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to, DateTimeOffset now, RunsOptions options)
        {
            DateTimeOffset? t = string.IsNullOrWhiteSpace(to) ? null : Time("to", to, now);
            DateTimeOffset? f = string.IsNullOrWhiteSpace(from) ? null : Time("from", from, now);
            if (_errors.ContainsKey("from") || _errors.ContainsKey("to"))
            {
                return (now, now);
            }
            try
            {
                return SearchRange.Resolve(f, t, now, TimeSpan.FromDays(options.LookbackDays), TimeSpan.FromDays(options.MaxSearchRangeDays));
            }
            catch (ArgumentException e)
            {
                Add(f is not null && f >= now ? "from" : t is not null && f is not null && t < f ? "to" : "from", e.Message);
                return (now, now);
            }
        }

        public IReadOnlyList<string>? Metrics(string? raw, MetricCatalog catalog)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var wanted = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Where(w => catalog.Summary.All(r => r.Id != w)).ToList();
            if (unknown.Count > 0)
            {
                Add("metrics", $"unknown metric {string.Join(", ", unknown.Select(u => $"'{Shorten(u)}'"))}; known: {string.Join(", ", catalog.Summary.Select(r => r.Id))}");
            }
            return wanted;
        }

        public bool Flag(string parameter, string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return false;
            if (bool.TryParse(raw, out var value)) return value;
            Add(parameter, $"'{Shorten(raw)}' is not true or false");
            return false;
        }

        public ExecutorAggregation? Aggregation(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            if (Enum.TryParse<ExecutorAggregation>(raw, true, out var a) && Enum.IsDefined(a) && !int.TryParse(raw, out _)) return a;
            Add("aggregation", $"'{Shorten(raw)}' is not one of sum, max, mean, each");
            return null;
        }

        private DateTimeOffset Time(string parameter, string text, DateTimeOffset now)
        {
            try
            {
                return TimeArgument.Parse(text, now);
            }
            catch (FormatException e)
            {
                Add(parameter, e.Message);
                return now;
            }
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
    }
}
