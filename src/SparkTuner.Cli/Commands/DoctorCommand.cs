using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// <c>sparktuner doctor [--run ID] [--json]</c>: the data-source check behind the Data source page and
/// <c>GET /api/doctor</c>, as readable tables or as the same JSON. Exit codes: 0 healthy, 1 something missing or wrong,
/// 2 usage error, server not reachable or a check failed with a data-source error.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "doctor";

    /// <summary>One-line description.</summary>
    public const string Summary = "check the data source: which catalog metrics exist, what missing ones need, duplicates, scrape interval";

    private const string Notes = """
        configuration: appsettings.json next to the binary, then environment variables (Prometheus__BaseUrl,
        Prometheus__Profiles__0, Runs__DiscoveryProfile, Catalog__…), then the options above.
        exit codes: 0 healthy, 1 something is missing or wrong (see the findings), 2 usage error, server not reachable
        or a check failed (one line on stderr).
        """;

    /// <summary>The command: its options and what it does (0 healthy, 1 problems found, 2 usage or data-source error).</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var source = new DataSourceOptions(cli.Now);
        var run = CliOptions.Create("--run", "ID", "check against this application's run window (default: the most recent run of the last 24 h)",
            (k, v) => string.IsNullOrWhiteSpace(v) ? throw new UsageException($"{k} needs an application id") : v);
        var json = CliOptions.Flag("--json", "print the JSON of GET /api/doctor");
        var command = new CliCommand(Name, Summary, Notes) { run, json };
        source.AddTo(command, range: false);
        command.SetAction(result => CommandEnvironment.Execute(cli.Error, async () =>
        {
            using var services = source.BuildServices(result, clock: null);
            var report = await services.GetRequiredService<DataSourceDoctor>().CheckAsync(result.GetValue(run));
            if (result.GetValue(json))
            {
                cli.Out.WriteLine(DoctorJson.Serialize(report));
            }
            else
            {
                Write(report, cli.Out, 160);
            }
            if (report.Status == DoctorStatus.Failed)
            {
                cli.Error.WriteLine("error: " + CommandEnvironment.OneLine(
                    report.Server.Reachable ? $"{report.Errors.Count} check(s) failed: {report.Errors[0]}" : $"{report.Server.Url} {report.Server.Summary}"));
            }
            return report.ExitCode;
        }));
        return command;
    }

    /// <summary>
    /// Writes <paramref name="report"/> as a readable report: server, run and scrape interval, one table per profile
    /// (metric, scope, status, whether rows use it, series, what a missing one needs), duplicates, findings and the status line.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write: the terminal as it is, anything else as plain text.</param>
    /// <param name="width">Line width of plain text in characters; long cells wrap inside their column.</param>
    public static void Write(DoctorReport report, TextWriter output, int width)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        CliConsole.Write(output, console => Render(report, console), width);
    }

    private static void Render(DoctorReport report, IAnsiConsole console)
    {
        var head = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        head.AddRow(Cell("Data source"), Cell($"{report.Server.Url}: {report.Server.Summary}"));
        if (report.Run is { } run)
        {
            head.AddRow(Cell("Run"), Cell(run.Message));
        }
        if (report.ScrapeInterval is { } scrape)
        {
            head.AddRow(Cell("Scrape interval"), Cell(scrape.Message));
        }
        console.Write(head);
        console.WriteLine();

        foreach (var profile in report.Profiles)
        {
            var state = profile.Enabled ? "enabled" : "disabled";
            console.WriteLine($"Profile {profile.Name} ({state}): {profile.Found} found, {profile.Missing} missing");
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn(new TableColumn("Metric"));
            table.AddColumn(new TableColumn("Scope").NoWrap());
            table.AddColumn(new TableColumn("Status").NoWrap());
            table.AddColumn(new TableColumn("Rows use it").NoWrap());
            table.AddColumn(new TableColumn("Series").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("What it needs"));
            foreach (var m in profile.Metrics)
            {
                table.AddRow(
                    Cell(m.DisplayName),
                    Cell(m.Scope.ToString().ToLowerInvariant()),
                    Cell(StatusText(m)),
                    Cell(m.UsedForRows ? "yes" : profile.Enabled ? "no (earlier profile)" : "no (disabled)"),
                    Cell(m.Status == CheckStatus.Found ? m.Series.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"),
                    Cell(m.Hint?.Message ?? m.Error ?? ""));
            }
            console.Write(table);
            console.WriteLine();
        }

        if (report.Server.Reachable)
        {
            if (report.Duplicates.Count == 0)
            {
                console.WriteLine(report.Run?.Run is null
                    ? "Duplicates: not checked (they are looked for in a run's window; no run was found)."
                    : "Duplicates: none found in the run's window.");
            }
            else
            {
                var dup = new Table().Border(TableBorder.Rounded).Title("Duplicates");
                dup.AddColumn("Profile").AddColumn("Series").AddColumn(new TableColumn("Identities").RightAligned())
                    .AddColumn(new TableColumn("Copies").RightAligned()).AddColumn("Differ in").AddColumn("Example");
                foreach (var d in report.Duplicates)
                {
                    dup.AddRow(Cell(d.Profile), Cell(d.What), Cell(d.Identities.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        Cell(d.Copies.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cell(string.Join(", ", d.DifferingLabels)),
                        Cell(string.Join(", ", d.Example.Select(kv => $"{kv.Key}={kv.Value}"))));
                }
                console.Write(dup);
            }
            console.WriteLine();
        }

        if (report.Findings.Count > 0)
        {
            console.WriteLine("Findings");
            var findings = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(2)).AddColumn();
            foreach (var f in report.Findings)
            {
                var body = f.Hint.Message
                    + (f.Hint.Setting is { } setting ? "\nsetting: " + setting : "")
                    + "\nseen in: " + Seen(f.Where);
                findings.AddRow(Cell(f.Severity.ToString().ToUpperInvariant()), Cell(body));
                findings.AddEmptyRow();
            }
            console.Write(findings);
        }

        foreach (var e in report.Errors)
        {
            console.WriteLine("error: " + e);
        }

        console.WriteLine(report.Status switch
        {
            DoctorStatus.Healthy => "Status: healthy (exit 0)",
            DoctorStatus.Problems => "Status: problems found, see the findings (exit 1)",
            _ => "Status: the check failed (exit 2)",
        });
    }

    private static string StatusText(MetricCheck m) => (m.Status, m.Basis) switch
    {
        (CheckStatus.Found, "names") => "found (names)",
        (CheckStatus.Found, _) => "found",
        (CheckStatus.Missing, _) => "MISSING",
        _ => "error",
    };

    private static string Seen(IReadOnlyList<string> where) =>
        where.Count <= 6 ? string.Join("; ", where) : string.Join("; ", where.Take(6)) + $"; and {where.Count - 6} more";

    private static IRenderable Cell(string text) => new Text(text);
}
