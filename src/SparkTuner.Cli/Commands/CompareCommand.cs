using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;

namespace SparkTuner.Cli.Commands;

/// <summary>A regression gate: fail when the candidate's RIP on <paramref name="Metric"/> is below <paramref name="MinRip"/>.</summary>
/// <param name="Metric">Summary row id, e.g. <c>duration_seconds</c>.</param>
/// <param name="MinRip">Lowest acceptable RIP (negative: the tolerated worsening).</param>
public sealed record RipGate(string Metric, double MinRip)
{
    /// <summary>Parses <c>METRIC:RIP</c>, e.g. <c>duration_seconds:-0.05</c>.</summary>
    public static RipGate Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new UsageException($"--fail-if-worse takes METRIC:RIP, e.g. duration_seconds:-0.05 (got '{text}')");
        }
        var metric = text[..colon].Trim();
        var rip = text[(colon + 1)..].Trim();
        if (!double.TryParse(rip, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) || !double.IsFinite(min))
        {
            throw new UsageException($"--fail-if-worse: '{rip}' is not a number (in '{text}')");
        }
        return new RipGate(metric, min);
    }
}

/// <summary>
/// <c>sparktuner compare</c>: the comparison of the web page and <c>GET /api/compare</c>, headless, as a table, JSON or CSV,
/// with optional regression gates for CI (<c>--fail-if-worse METRIC:RIP</c>, exit 1 when one fails).
/// </summary>
public static class CompareCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "compare";

    /// <summary>One-line description.</summary>
    public const string Summary = "compare baseline vs candidate runs (table, --json, --csv); --fail-if-worse gates for CI";

    /// <summary>Exit code when a gate failed.</summary>
    public const int GateFailed = 1;

    private const string Notes = CommandEnvironment.ConfigurationNote + """

        exit codes: 0 ok, 1 a --fail-if-worse gate failed or --fail-on-new-finding found a new or worse finding,
        2 a usage or data error, a gate on an unknown or n/a row, a gate while a compared run is still running, or
        advice asked for while Spark's REST API could not give it (one line on stderr).
        advice: Spark's REST API (--spark-rest or SparkRest__BaseUrl) for the first run of each side.
        """;

    /// <summary>Runs <c>sparktuner compare <paramref name="args"/></c> with a fixed "now" (for tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now) =>
        CommandDispatcher.Run([Name, .. args], stdout, stderr, now);

    /// <summary>The command: its options and what it does.</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var baseline = CliOptions.List("--baseline", "IDS", "application ids of the baseline side (comma-separated)", required: true);
        var candidate = CliOptions.List("--candidate", "IDS", "application ids of the candidate side", required: true);
        var metrics = CliOptions.List("--metrics", "IDS", "summary rows to compute, e.g. duration_seconds,executor_cpu_seconds (default all)");
        var aggregation = CliOptions.Create<ExecutorAggregation?>("--aggregation", "A",
            "how executors are combined in executor rows: sum, max or mean (default per row)", (k, v) => v.ToLowerInvariant() switch
            {
                "sum" => ExecutorAggregation.Sum,
                "max" => ExecutorAggregation.Max,
                "mean" => ExecutorAggregation.Mean,
                _ => throw new UsageException($"{k} must be sum, max or mean (got '{v}')"),
            }).Completing("sum", "max", "mean");
        var json = CliOptions.Flag("--json", "print the JSON of GET /api/compare");
        var csv = CliOptions.Flag("--csv", "print the CSV of GET /api/compare?format=csv");
        var gates = new Option<RipGate[]>("--fail-if-worse")
        {
            HelpName = "M:RIP",
            Description = "exit 1 when the candidate's RIP on row M is below RIP (e.g. duration_seconds:-0.05); repeatable; "
                + "a gate on an unknown or n/a row, or with a run still running, exits 2",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                try
                {
                    return result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        .Select(RipGate.Parse).ToArray();
                }
                catch (UsageException e)
                {
                    result.AddError(e.Message);
                    return [];
                }
            },
        };
        var advice = CliOptions.Flag("--advice", "add the advisor's findings (changed first), memory models and cache verdict (from Spark's REST API)");
        var failOn = CliOptions.Create<Severity?>("--fail-on-new-finding", "SEVERITY",
            "exit 1 when the candidate has a finding new or worse than the baseline's at SEVERITY or above (low, moderate, severe, critical); implies --advice",
            (k, v) => Enum.TryParse<Severity>(v, true, out var s) && s != Severity.None && !int.TryParse(v, out _)
                ? s : throw new UsageException($"{k} must be low, moderate, severe or critical (got '{v}')")).Completing("low", "moderate", "severe", "critical");
        var sparkRest = CliOptions.Text("--spark-rest", "URL", "Spark REST API for --advice: history server (http://host:18080) or driver UI (overrides SparkRest__BaseUrl)");
        var source = new DataSourceOptions(cli.Now);
        var command = new CliCommand(Name, Summary, Notes) { baseline, candidate, metrics, aggregation, json, csv, gates, advice, failOn, sparkRest };
        source.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(json) && r.GetValue(csv)) r.AddError("--json and --csv cannot be used together");
        });
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            var rows = result.GetResult(metrics) is null ? null : result.GetValue(metrics); // absent: every row
            var checks = result.GetValue(gates) ?? [];
            var gateOn = result.GetValue(failOn);
            var withAdvice = result.GetValue(advice) || gateOn is not null;
            if (withAdvice && result.GetValue(csv)) throw new UsageException("--advice and --fail-on-new-finding print with the table or --json, not --csv");
            using var services = source.BuildServices(result, cli.Now, result.GetValue(sparkRest));
            var service = services.GetRequiredService<ComparisonService>();
            CheckGates(checks, service.Catalog, rows);
            var (from, to) = source.Range(result, services);

            // The summary needs no chart series: fetch only what the rows use (as GET /api/compare).
            var report = await service.CompareAsync(new CompareRequest(result.GetRequiredValue(baseline), result.GetRequiredValue(candidate),
                from, to, rows, Groups: [], Aggregation: result.GetValue(aggregation)));
            var comparison = report.Result;
            if (withAdvice)
            {
                try
                {
                    var spark = services.GetRequiredService<SparkTuner.Core.Spark.ISparkHistorySource>();
                    comparison = comparison with { Advice = await Advisor.AdviseAsync(spark, report.BaselineRuns[0], report.CandidateRuns[0]) };
                }
                catch (SparkTuner.Core.Series.DataSourceException e)
                {
                    cli.Error.WriteLine($"error: no advice: the Spark REST API failed: {CommandEnvironment.OneLine(e.Message)}");
                    return CommandDispatcher.UsageError;
                }
            }
            if (result.GetValue(json))
            {
                cli.Out.WriteLine(ComparisonJson.Serialize(comparison));
            }
            else if (result.GetValue(csv))
            {
                ComparisonCsv.Write(comparison, cli.Out);
            }
            else
            {
                CliConsole.Write(cli.Out, console => ComparisonView.Render(comparison, console));
            }
            var code = Evaluate(checks, comparison, cli.Error);
            if (gateOn is { } atLeast && comparison.Advice is { } report2)
            {
                var found = EvaluateFindings(report2, atLeast, cli.Error);
                if (code == 0) code = found;
            }
            return code;
        }));
        return command;
    }

    /// <summary>
    /// The one-line reason no gate can pass when a compared run is still running (its values are partial, and
    /// missing or partial data never passes a gate); null when every run has completed or no gate was asked.
    /// </summary>
    public static string? RunningGateError(IReadOnlyList<RipGate> gates, ComparisonResult result)
    {
        var running = result.Baseline.Runs.Concat(result.Candidate.Runs).Where(r => r.State == RunState.Running).Select(r => r.Id).ToList();
        if (gates.Count == 0 || running.Count == 0)
        {
            return null;
        }
        var who = running.Count == 1 ? $"run {running[0]} is" : $"runs {string.Join(", ", running)} are";
        return $"error: {who} still running: its values are partial, so no --fail-if-worse gate can pass; compare again when it has completed";
    }

    /// <summary>
    /// Checks every gate against the result: one <c>gate failed: …</c> line per failure on <paramref name="stderr"/>.
    /// Returns 0, <see cref="GateFailed"/>, or 2 when a gated row has no RIP or a compared run is still running (one line:
    /// a gate never passes on missing or partial data).
    /// </summary>
    public static int Evaluate(IReadOnlyList<RipGate> gates, ComparisonResult result, TextWriter stderr)
    {
        if (RunningGateError(gates, result) is { } running)
        {
            stderr.WriteLine(running);
            return CommandDispatcher.UsageError;
        }
        var code = 0;
        foreach (var gate in gates)
        {
            var row = result.Rows.FirstOrDefault(r => r.Metric == gate.Metric);
            if (row is null)
            {
                stderr.WriteLine($"error: gate {gate.Metric}: the comparison has no such row");
                code = CommandDispatcher.UsageError;
                continue;
            }
            if (row.Rip is not { } rip || !double.IsFinite(rip))
            {
                var why = row.Note is null ? "" : ": " + CommandEnvironment.OneLine(row.Note);
                stderr.WriteLine($"error: gate {gate.Metric}: no RIP to check (n/a{why})");
                code = CommandDispatcher.UsageError;
                continue;
            }
            if (rip < gate.MinRip)
            {
                stderr.WriteLine(FormattableString.Invariant($"gate failed: {gate.Metric} RIP {Number(rip)} < {Number(gate.MinRip)}"));
                if (code == 0) code = GateFailed;
            }
        }
        return code;
    }

    /// <summary>
    /// The advisor gate: one <c>finding gate failed: …</c> line per finding new or worse in the candidate at
    /// <paramref name="atLeast"/> or above; returns 0 or <see cref="GateFailed"/>.
    /// </summary>
    public static int EvaluateFindings(AdviceReport advice, Severity atLeast, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(stderr);
        var failed = Advisor.NewFindings(advice, atLeast);
        foreach (var f in failed)
        {
            stderr.WriteLine($"finding gate failed: {f.RuleId} {f.Change.ToString().ToLowerInvariant()} ({f.BaselineSeverity.ToString().ToLowerInvariant()} -> {f.CandidateSeverity.ToString().ToLowerInvariant()}): {f.Candidate?.Summary}");
        }
        return failed.Count == 0 ? 0 : GateFailed;
    }

    private static string Number(double v) => v.ToString("0.0###", CultureInfo.InvariantCulture);

    private static void CheckGates(IReadOnlyList<RipGate> gates, MetricCatalog catalog, IReadOnlyList<string>? rows)
    {
        foreach (var gate in gates)
        {
            if (catalog.Summary.All(s => s.Id != gate.Metric))
            {
                throw new UsageException(
                    $"--fail-if-worse: unknown metric '{gate.Metric}'; known: {string.Join(", ", catalog.Summary.Select(s => s.Id))}");
            }
            if (rows is not null && !rows.Contains(gate.Metric))
            {
                throw new UsageException($"--fail-if-worse: metric '{gate.Metric}' is not among --metrics");
            }
        }
    }
}
