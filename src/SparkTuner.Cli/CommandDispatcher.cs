using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SparkTuner.Cli.Commands;

namespace SparkTuner.Cli;

/// <summary>Where a command writes, and the instant it takes as "now" (fixed in tests).</summary>
/// <param name="Out">standard output: the result (table, JSON, CSV)</param>
/// <param name="Error">standard error: one line per error, notes, progress</param>
/// <param name="Now">"now" of relative times and of the running rule</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, DateTimeOffset Now);

/// <summary>A <c>sparktuner &lt;command&gt;</c>; <paramref name="notes"/> end its <c>--help</c> (configuration, exit codes).</summary>
public sealed class CliCommand(string name, string description, string? notes = null) : Command(name, description)
{
    /// <summary>Lines printed after the generated help.</summary>
    public string? Notes { get; } = notes;
}

/// <summary>
/// <c>sparktuner &lt;command&gt; [options]</c> on System.CommandLine: typed options checked while parsing, generated
/// <c>--help</c>, and the <c>[suggest]</c> directive for shell completion (dotnet-suggest). Exit codes: 0 ok, 1 failure,
/// 2 usage or data error, printed as one line <c>error: …</c> on stderr.
/// </summary>
public static class CommandDispatcher
{
    /// <summary>Exit code of a usage error (bad command or option).</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, DateTimeOffset.UtcNow);

    /// <summary>Same with a fixed "now" (for tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = CreateRoot(new CliContext(stdout, stderr, now));
        if (args.Length == 0)
        {
            // No command at all: the overview, on stderr, as a usage error.
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return UsageError;
        }
        var result = root.Parse(args[0] == "help" ? [.. args[1..], "--help"] : args);
        if (result.Action is ParseErrorAction)
        {
            stderr.WriteLine("error: " + ParseErrorLine(result));
            return UsageError;
        }
        // The commands map their own failures to exit codes and one line; signals keep their default behaviour.
        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
    }

    /// <summary>The command tree: every subcommand, the help option (with each command's notes), <c>--version</c>, the directives.</summary>
    public static RootCommand CreateRoot(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var root = new RootCommand("SparkTuner: compare Spark runs from Prometheus (RIP, % change, noise), headless.")
        {
            DemoCommand.Create(cli),
            RunsCommand.Create(cli),
            CompareCommand.Create(cli),
            DemoRestCommand.Create(cli),
            DemoLiveCommand.Create(cli),
            DoctorCommand.Create(cli),
            SnapshotCommand.Create(cli),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotes((HelpAction)help.Action!);
        return root;
    }

    /// <summary>
    /// One line for the parse errors: an unknown token by name (the first one; what follows it is often its value),
    /// otherwise every error of the parser and of the options' own checks, joined.
    /// </summary>
    private static string ParseErrorLine(ParseResult result)
    {
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            return token.StartsWith('-') ? $"unknown option '{token.Split('=')[0]}'"
                : result.CommandResult.Command is RootCommand ? $"unknown command '{token}' (try 'sparktuner --help')"
                : $"unexpected argument '{token}'";
        }
        return CommandEnvironment.OneLine(string.Join("; ", result.Errors.Select(e => e.Message.TrimEnd('.'))));
    }

    /// <summary>The generated help, then the command's <see cref="CliCommand.Notes"/>.</summary>
    private sealed class HelpWithNotes(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var notes = parseResult.CommandResult.Command is CliCommand { Notes: { } n } ? n
                : "'sparktuner <command> --help' shows the options of a command; the README says how to enable tab completion.";
            output.WriteLine(notes.TrimEnd());
            output.WriteLine();
            return code;
        }
    }
}
