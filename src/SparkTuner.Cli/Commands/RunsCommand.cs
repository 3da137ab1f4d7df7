using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Runs;

namespace SparkTuner.Cli.Commands;

/// <summary><c>sparktuner runs</c>: lists the Spark applications found in Prometheus (same discovery and JSON as <c>GET /api/runs</c>).</summary>
public static class RunsCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "runs";

    /// <summary>One-line description.</summary>
    public const string Summary = "list the Spark runs found in Prometheus (table, or --json as GET /api/runs)";

    private static readonly string[] Flags = ["--json"];

    private static readonly string Usage = """
        usage: sparktuner runs [--prometheus URL] [--from T] [--to T] [--json]
          --json                   print the JSON array of GET /api/runs (id, name, start, end, durationSeconds, executors, variant, state)
        """ + "\n" + CommandEnvironment.CommonUsage;

    /// <summary>Runs the command; 0 ok, 2 usage or data error (one line on stderr).</summary>
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
            var options = CliArgs.Parse(args, CommandEnvironment.CommonOptions, Flags);
            using var services = CommandEnvironment.BuildServices(CommandEnvironment.BuildConfiguration(options), now);
            var (from, to) = CommandEnvironment.Range(options, services, now);
            var runs = await services.GetRequiredService<RunDiscovery>().DiscoverAsync(from, to);
            if (options.ContainsKey("--json"))
            {
                stdout.WriteLine(RunJson.Serialize(runs));
            }
            else if (runs.Count == 0)
            {
                stderr.WriteLine(FormattableString.Invariant($"no Spark application has metrics between {from:u} and {to:u}"));
            }
            else
            {
                stdout.Write(FormatTable(runs));
            }
            return 0;
        });
    }

    /// <summary>
    /// A fixed-width table: id, name, variant, start (UTC), duration, executors, state (<c>running</c> or <c>completed</c>;
    /// a running run's duration is so far).
    /// </summary>
    public static string FormatTable(IReadOnlyList<SparkRun> runs)
    {
        var header = new[] { "ID", "NAME", "VARIANT", "START (UTC)", "DURATION", "EXECUTORS", "STATE" };
        var rows = runs.Select(r => new[]
        {
            r.Id,
            r.Name,
            r.Variant.Length == 0 ? "-" : r.Variant,
            r.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            FormatDuration(r.Duration),
            r.Executors.ToString(CultureInfo.InvariantCulture),
            RunStates.Name(r.State),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Prepend(header[i].Length).Max()).ToArray();
        var sb = new StringBuilder();
        foreach (var line in rows.Prepend(header))
        {
            // Numbers (duration, executors) are right-aligned; text left.
            var cells = line.Select((c, i) => i is 4 or 5 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            sb.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>4m 30s, 1h 02m 05s, 42s.</summary>
    public static string FormatDuration(TimeSpan d)
    {
        var s = (long)Math.Round(d.TotalSeconds);
        return s >= 3600
            ? FormattableString.Invariant($"{s / 3600}h {s % 3600 / 60:00}m {s % 60:00}s")
            : s >= 60 ? FormattableString.Invariant($"{s / 60}m {s % 60:00}s") : FormattableString.Invariant($"{s}s");
    }
}
