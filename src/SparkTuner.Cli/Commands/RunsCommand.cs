using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Runs;
using Spectre.Console;

namespace SparkTuner.Cli.Commands;

/// <summary><c>sparktuner runs</c>: lists the Spark applications found in Prometheus (same discovery and JSON as <c>GET /api/runs</c>).</summary>
public static class RunsCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "runs";

    /// <summary>One-line description.</summary>
    public const string Summary = "list the Spark runs found in Prometheus (table, or --json as GET /api/runs)";

    private const string Notes = CommandEnvironment.ConfigurationNote + """

        exit codes: 0 ok (no run in the range is a note on stderr), 2 usage or data error (one line on stderr).
        """;

    /// <summary>Runs <c>sparktuner runs <paramref name="args"/></c> with a fixed "now" (for tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now) =>
        CommandDispatcher.Run([Name, .. args], stdout, stderr, now);

    /// <summary>The command: its options and what it does.</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var source = new DataSourceOptions(cli.Now);
        var json = CliOptions.Flag("--json", "print the JSON array of GET /api/runs (id, name, start, end, durationSeconds, executors, variant, state)");
        var command = new CliCommand(Name, Summary, Notes);
        source.AddTo(command);
        command.Options.Add(json);
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            using var services = source.BuildServices(result, cli.Now);
            var (from, to) = source.Range(result, services);
            var runs = await services.GetRequiredService<RunDiscovery>().DiscoverAsync(from, to);
            if (result.GetValue(json))
            {
                cli.Out.WriteLine(RunJson.Serialize(runs));
            }
            else if (runs.Count == 0)
            {
                cli.Error.WriteLine(FormattableString.Invariant($"no Spark application has metrics between {from:u} and {to:u}"));
            }
            else
            {
                CliConsole.Write(cli.Out, console => console.Write(Table(runs)));
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The runs as a table: id, name, variant, start (UTC), duration, executors, state (<c>running</c> or <c>completed</c>;
    /// a running run's duration is so far). Numbers are right-aligned.
    /// </summary>
    public static Table Table(IReadOnlyList<SparkRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var table = new Table().Border(TableBorder.Simple);
        // On a narrow terminal the id and the name wrap; the short columns never do.
        table.AddColumn(Header("ID")).AddColumn(Header("NAME")).AddColumn(Header("VARIANT").NoWrap())
            .AddColumn(Header("START (UTC)").NoWrap()).AddColumn(Header("DURATION").NoWrap().RightAligned())
            .AddColumn(Header("EXECUTORS").NoWrap().RightAligned()).AddColumn(Header("STATE").NoWrap());
        foreach (var r in runs)
        {
            table.AddRow(
                new Text(r.Id),
                new Text(r.Name),
                new Text(r.Variant.Length == 0 ? "-" : r.Variant),
                new Text(r.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(FormatDuration(r.Duration)),
                new Text(r.Executors.ToString(CultureInfo.InvariantCulture)),
                new Text(RunStates.Name(r.State), r.State == RunState.Running ? new Style(Color.Yellow) : Style.Plain));
        }
        return table;
    }

    private static TableColumn Header(string text) => new(new Text(text, new Style(decoration: Decoration.Bold)));

    /// <summary>4m 30s, 1h 02m 05s, 42s.</summary>
    public static string FormatDuration(TimeSpan d)
    {
        var s = (long)Math.Round(d.TotalSeconds);
        return s >= 3600
            ? FormattableString.Invariant($"{s / 3600}h {s % 3600 / 60:00}m {s % 60:00}s")
            : s >= 60 ? FormattableString.Invariant($"{s / 60}m {s % 60:00}s") : FormattableString.Invariant($"{s}s");
    }
}
