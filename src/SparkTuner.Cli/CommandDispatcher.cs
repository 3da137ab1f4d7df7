using SparkTuner.Cli.Commands;

namespace SparkTuner.Cli;

/// <summary>A <c>sparktuner &lt;command&gt;</c> subcommand.</summary>
/// <param name="Name">word after <c>sparktuner</c></param>
/// <param name="Summary">one line for <c>--help</c></param>
/// <param name="Run">runs with the arguments after the name; returns the exit code</param>
public sealed record CliCommand(string Name, string Summary, Func<string[], TextWriter, TextWriter, int> Run);

/// <summary>Dispatches <c>sparktuner &lt;command&gt; …</c>. Exit codes: 0 ok, 1 failure, 2 usage error.</summary>
public static class CommandDispatcher
{
    /// <summary>Exit code of a usage error (bad command or option).</summary>
    public const int UsageError = 2;

    /// <summary>The registered commands; add new ones here.</summary>
    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new(DemoCommand.Name, DemoCommand.Summary, DemoCommand.Run),
        new(RunsCommand.Name, RunsCommand.Summary, RunsCommand.Run),
        new(CompareCommand.Name, CompareCommand.Summary, CompareCommand.Run),
        new(DemoRestCommand.Name, DemoRestCommand.Summary, DemoRestCommand.Run),
        new(DoctorCommand.Name, DoctorCommand.Summary, DoctorCommand.Run),
    ];

    /// <summary>Runs the command named by <paramref name="args"/>[0].</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(args.Length == 0 ? stderr : stdout);
            return args.Length == 0 ? UsageError : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"error: unknown command '{args[0]}' (try 'sparktuner --help')");
            return UsageError;
        }
        return command.Run(args[1..], stdout, stderr);
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("usage: sparktuner <command> [options]");
        w.WriteLine();
        w.WriteLine("commands:");
        foreach (var c in Commands) w.WriteLine($"  {c.Name,-10} {c.Summary}");
        w.WriteLine();
        w.WriteLine("'sparktuner <command> --help' shows the options of a command.");
    }
}
