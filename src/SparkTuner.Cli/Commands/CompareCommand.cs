using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
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

    private const string GateOption = "--fail-if-worse";

    private static readonly string[] Known = [.. CommandEnvironment.CommonOptions, "--baseline", "--candidate", "--metrics", "--aggregation"];
    private static readonly string[] Flags = ["--json", "--csv"];

    private static readonly string Usage = """
        usage: sparktuner compare --baseline ID[,ID…] --candidate ID[,ID…] [options]
          --baseline IDS           application ids of the baseline side (comma-separated)
          --candidate IDS          application ids of the candidate side
          --metrics IDS            summary rows to compute, e.g. duration_seconds,executor_cpu_seconds (default all)
          --aggregation A          how executors are combined in executor rows: sum, max or mean (default per row)
          --json                   print the JSON of GET /api/compare
          --csv                    print the CSV of GET /api/compare?format=csv
          --fail-if-worse M:RIP    exit 1 when the candidate's RIP on row M is below RIP (e.g. duration_seconds:-0.05);
                                   repeatable; a gate on an unknown or n/a row, or with a run still running, exits 2
        """ + "\n" + CommandEnvironment.CommonUsage;

    /// <summary>Runs the command; 0 ok, 1 a gate failed, 2 usage or data error (one line on stderr).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, DateTimeOffset.UtcNow);

    /// <summary>Same with a fixed "now" (for tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        return CommandEnvironment.Execute(stderr, async () =>
        {
            var (rest, gateTexts) = SplitGates(args);
            var options = CliArgs.Parse(rest, Known, Flags);
            var gates = gateTexts.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(RipGate.Parse).ToList();
            if (options.ContainsKey("--json") && options.ContainsKey("--csv"))
            {
                throw new UsageException("--json and --csv cannot be used together");
            }
            var baseline = Ids(options, "--baseline");
            var candidate = Ids(options, "--candidate");
            var rows = options.TryGetValue("--metrics", out var m)
                ? m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : null;
            var aggregation = options.TryGetValue("--aggregation", out var a) ? Aggregation(a) : (ExecutorAggregation?)null;

            using var services = CommandEnvironment.BuildServices(CommandEnvironment.BuildConfiguration(options), now);
            var service = services.GetRequiredService<ComparisonService>();
            CheckGates(gates, service.Catalog, rows);
            var (from, to) = CommandEnvironment.Range(options, services, now);

            // The summary needs no chart series: fetch only what the rows use (as GET /api/compare).
            var report = await service.CompareAsync(new CompareRequest(baseline, candidate, from, to, rows, Groups: [], Aggregation: aggregation));
            var result = report.Result;
            if (options.ContainsKey("--json"))
            {
                stdout.WriteLine(ComparisonJson.Serialize(result));
            }
            else if (options.ContainsKey("--csv"))
            {
                ComparisonCsv.Write(result, stdout);
            }
            else
            {
                stdout.Write(ComparisonTable.Format(result));
            }
            return Evaluate(gates, result, stderr);
        });
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

    private static (string[] Others, List<string> Gates) SplitGates(string[] args)
    {
        var rest = new List<string>();
        var gates = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == GateOption)
            {
                if (i + 1 >= args.Length) throw new UsageException($"{GateOption} needs a value");
                gates.Add(args[++i]);
            }
            else if (args[i].StartsWith(GateOption + "=", StringComparison.Ordinal))
            {
                gates.Add(args[i][(GateOption.Length + 1)..]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        return (rest.ToArray(), gates);
    }

    private static string[] Ids(IReadOnlyDictionary<string, string> options, string name)
    {
        var ids = options.TryGetValue(name, out var v)
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return ids.Length > 0 ? ids : throw new UsageException($"{name} ID[,ID…] is required");
    }

    private static ExecutorAggregation Aggregation(string text) => text.ToLowerInvariant() switch
    {
        "sum" => ExecutorAggregation.Sum,
        "max" => ExecutorAggregation.Max,
        "mean" => ExecutorAggregation.Mean,
        _ => throw new UsageException($"--aggregation must be sum, max or mean (got '{text}')"),
    };
}
