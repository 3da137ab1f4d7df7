using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// Spectre.Console over a command's writer. On the process's own terminal (<see cref="Console.Out"/> or
/// <see cref="Console.Error"/>, not redirected): colours, the terminal's width, and animations. Anywhere else — a pipe,
/// a file, a test's <see cref="StringWriter"/> — plain text: no ANSI codes, no colours, no animation, no blanks at line
/// ends, no blank lines at the start or end or two in a row.
/// </summary>
public static class CliConsole
{
    /// <summary>Line width of plain output: wide enough that a table row or a note is never wrapped.</summary>
    public const int PlainWidth = 4096;

    /// <summary>True when <paramref name="writer"/> is this process's stdout or stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>A console on the terminal <paramref name="writer"/> (see <see cref="IsTerminal"/>), its capabilities detected.</summary>
    public static IAnsiConsole Terminal(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

    /// <summary>
    /// Renders with <paramref name="render"/> onto <paramref name="output"/>: on a terminal as it is, elsewhere as plain
    /// text <paramref name="plainWidth"/> characters wide (longer cells wrap inside their column).
    /// </summary>
    public static void Write(TextWriter output, Action<IAnsiConsole> render, int plainWidth = PlainWidth)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(render);
        if (IsTerminal(output))
        {
            render(Terminal(output));
            return;
        }
        var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(buffer),
        });
        plain.Profile.Width = plainWidth;
        plain.Profile.Capabilities.Unicode = output.Encoding is UTF8Encoding or UnicodeEncoding;
        render(plain);
        var blank = true;
        var pending = false;
        foreach (var raw in buffer.ToString().Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                pending = !blank;
                continue;
            }
            if (pending) output.Write('\n');
            output.Write(line);
            output.Write('\n');
            blank = pending = false;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a live progress line on <paramref name="status"/> when that is a terminal: a
    /// spinner, <paramref name="description"/>, <paramref name="bytes"/> done so far (read at each refresh), the elapsed
    /// time; cleared when done. Elsewhere (a pipe, a test) it just runs <paramref name="work"/>: no animation, nothing written.
    /// </summary>
    public static T Progress<T>(TextWriter status, string description, Func<long> bytes, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsTerminal(status))
        {
            return work();
        }
        return Terminal(status).Progress().AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new BytesColumn(bytes), new ElapsedTimeColumn())
            .Start(context =>
            {
                context.AddTask(Markup.Escape(description)).IsIndeterminate();
                return work();
            });
    }

    /// <summary>A size read at each refresh: 12.3 MiB.</summary>
    private sealed class BytesColumn(Func<long> bytes) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{bytes() / 1048576.0:0.0} MiB"));
    }
}
