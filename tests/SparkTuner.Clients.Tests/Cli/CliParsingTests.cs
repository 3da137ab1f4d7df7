using System.CommandLine;
using System.Globalization;
using SparkTuner.Cli;
using SparkTuner.Cli.Commands;
using SparkTuner.Core.Runs;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary>The command line itself (System.CommandLine): help, completion, and the errors found before anything runs.</summary>
public sealed class CliParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        var code = CommandDispatcher.Run(args, o, e, Now);
        return (code, o.ToString(), e.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Help_ListsEveryCommandPlainText()
    {
        var (code, output, err) = Run("--help");

        Assert.Equal(0, code);
        Assert.Equal("", err);
        foreach (var command in new[] { "demo", "runs", "compare", "demo-rest", "doctor" })
        {
            Assert.Contains(Lines(output), l => l.StartsWith(command + " ", StringComparison.Ordinal));
        }
        Assert.DoesNotContain('\u001b', output);
    }

    [Theory]
    [InlineData("runs", "--prometheus <URL>", "--from <T>", "--to <T>", "--scrape-interval <D>", "--json", "exit codes:")]
    [InlineData("compare", "--baseline <IDS> (REQUIRED)", "--candidate <IDS> (REQUIRED)", "--metrics <IDS>", "--aggregation <A>",
        "--json", "--csv", "--fail-if-worse <M:RIP>", "--from <T>", "--to <T>", "--prometheus <URL>", "--scrape-interval <D>", "exit codes:")]
    [InlineData("doctor", "--run <ID>", "--json", "--prometheus <URL>", "--scrape-interval <D>", "exit codes: 0 healthy")]
    [InlineData("demo", "--out <FILE> (REQUIRED)", "--manifest <FILE>", "--seed <N>", "--runs-per-variant <N>", "--executors <N>", "--cores <N>",
        "--executor-memory <SIZE>", "--duration <D>", "--duration-scale <X>", "--scrape-interval <D>", "--end <T>", "--nrow <N>", "--gap <D>",
        "--namespace <NS>", "--families <LIST>")]
    [InlineData("demo-rest", "--manifest <FILE> (REQUIRED)", "--port <N>", "--host <H>")]
    public void CommandHelp_ListsItsOptions(string command, params string[] expected)
    {
        var (code, output, err) = Run(command, "--help");

        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.StartsWith($"sparktuner {command} [options]", Lines(output).Single(l => l.Contains(" [options]", StringComparison.Ordinal)).Replace(RootCommand.ExecutableName, "sparktuner", StringComparison.Ordinal));
        foreach (var text in expected)
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }
        Assert.Equal(output, Run("help", command).Out);
    }

    [Fact]
    public void NoArguments_OverviewOnStderrExit2()
    {
        var (code, output, err) = Run();

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("compare", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--verbose", "runs", "--verbose")]
    [InlineData("--basline", "compare", "--basline", "a", "--candidate", "b")]
    [InlineData("--colour", "doctor", "--colour=never")]
    [InlineData("--wat", "demo", "--out", "x.om", "--wat")]
    [InlineData("--bind", "demo-rest", "--manifest", "m.json", "--bind", "0.0.0.0")]
    [InlineData("--json", "--json", "runs")]
    public void UnknownOption_Exit2WithOneLineNamingIt(string option, params string[] args)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: unknown option '{option}'", Assert.Single(Lines(err)));
    }

    [Theory]
    [InlineData("--scrape-interval", "soon", "runs", "--scrape-interval", "soon")]
    [InlineData("--scrape-interval", "1.5s", "doctor", "--scrape-interval", "1.5s")]
    [InlineData("--from", "yesterday", "runs", "--from", "yesterday")]
    [InlineData("--to", "now-1y", "compare", "--baseline", "a", "--candidate", "b", "--to", "now-1y")]
    [InlineData("--from", "1795639280000", "compare", "--baseline", "a", "--candidate", "b", "--from", "1795639280000")]
    [InlineData("--duration", "4 minutes", "demo", "--out", "x.om", "--duration", "4 minutes")]
    [InlineData("--gap", "1h5", "demo", "--out", "x.om", "--gap", "1h5")]
    [InlineData("--end", "noon", "demo", "--out", "x.om", "--end", "noon")]
    [InlineData("--executor-memory", "lots", "demo", "--out", "x.om", "--executor-memory", "lots")]
    [InlineData("--port", "http", "demo-rest", "--manifest", "m.json", "--port", "http")]
    public void BadValue_Exit2WithOneLineNamingOptionAndValue(string option, string value, params string[] args)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith("error: " + option, line, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Option '--candidate' is required", "compare", "--baseline", "a")]
    [InlineData("Option '--manifest' is required", "demo-rest")]
    [InlineData("Required argument missing for option: '--baseline'", "compare", "--candidate", "b", "--baseline")]
    [InlineData("unknown command 'comapre' (try 'sparktuner --help')", "comapre")]
    [InlineData("unexpected argument 'b'", "compare", "--baseline", "a", "b", "--candidate", "c")]
    public void MissingOrMisplaced_Exit2WithOneLine(string expected, params string[] args)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: " + expected, Assert.Single(Lines(err)));
    }

    [Fact]
    public void RepeatedAndCommaSeparatedIds_BothAccepted_NoServerNeededToParse()
    {
        // Parsing succeeds; the command then fails on the unreachable server (exit 2, one line), not on the ids.
        var (code, _, err) = Run("compare", "--baseline", "a,b", "--baseline", "c", "--candidate", "d", "--prometheus", "http://127.0.0.1:9", "--scrape-interval", "5s");

        Assert.Equal(2, code);
        Assert.Contains("not reachable", Assert.Single(Lines(err)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compare --aggregation ", "max", "mean", "sum")]
    [InlineData("demo --families ", "all", "cadvisor", "executors", "ksm", "servlet")]
    [InlineData("comp", "compare")]
    public void SuggestDirective_CompletesCommandsAndValues(string line, params string[] expected)
    {
        var text = RootCommand.ExecutableName + " " + line;

        var (code, output, _) = Run($"[suggest:{text.Length}]", text);

        Assert.Equal(0, code);
        Assert.Equal(expected, Lines(output));
    }

    [Fact]
    public void RunsTable_PlainText_HeaderRuleOneRowPerRunNoAnsi()
    {
        var start = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        SparkRun[] runs =
        [
            new("spark-1", "cartesian-200k-noncached", start, start.AddSeconds(270), 4, "noncached"),
            new("spark-22", "cartesian-200k-cached", start.AddHours(1), start.AddHours(1).AddSeconds(3725), 12, "") { State = RunState.Running },
        ];
        var o = new StringWriter(CultureInfo.InvariantCulture);

        CliConsole.Write(o, console => console.Write(RunsCommand.Table(runs)));

        var text = o.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain(" \n", text, StringComparison.Ordinal);
        var lines = text.Split('\n');
        Assert.Equal(["ID", "NAME", "VARIANT", "START", "(UTC)", "DURATION", "EXECUTORS", "STATE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^ *─+$", lines[1]);
        Assert.Equal(["spark-1", "cartesian-200k-noncached", "noncached", "2026-11-20", "10:00:00", "4m", "30s", "4", "completed"],
            lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["spark-22", "cartesian-200k-cached", "-", "2026-11-20", "11:00:00", "1h", "02m", "05s", "12", "running"],
            lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", lines[4]);
        Assert.Equal(5, lines.Length);
        // Numbers are right-aligned: the executors column ends at the same place on every row.
        Assert.Equal(lines[2].IndexOf(" 4 ", StringComparison.Ordinal) + 1, lines[3].IndexOf("12 ", StringComparison.Ordinal) + 1);
    }
}
