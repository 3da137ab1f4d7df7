using SparkTuner.Core.Comparison;
using Spectre.Console;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// The comparison as <c>sparktuner compare</c> shows it: the two sides, a table of the rows in human units (verdicts
/// coloured on a terminal), then the notes and warnings.
/// </summary>
public static class ComparisonView
{
    /// <summary>Renders <paramref name="result"/> onto <paramref name="console"/>.</summary>
    public static void Render(ComparisonResult result, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(console);
        console.Write(new Text(FormattableString.Invariant(
            $"Baseline: {result.Baseline.Label} ({result.Baseline.Runs.Count} run(s))   Candidate: {result.Candidate.Label} ({result.Candidate.Runs.Count} run(s))\n")));

        // Text columns left-aligned, numbers right-aligned.
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(Header("Metric"))
            .AddColumn(Header(result.Baseline.Label).RightAligned())
            .AddColumn(Header(result.Candidate.Label).RightAligned())
            .AddColumn(Header("Change").RightAligned().NoWrap())
            .AddColumn(Header("RIP").RightAligned().NoWrap())
            .AddColumn(Header("95% CI").RightAligned().NoWrap())
            .AddColumn(Header("Verdict").NoWrap());
        foreach (var r in result.Rows)
        {
            table.AddRow(
                new Text(r.DisplayName),
                new Text(UnitFormatter.FormatValue(r.Baseline, r.Unit, r.Statistic)),
                new Text(UnitFormatter.FormatValue(r.Candidate, r.Unit, r.Statistic)),
                new Text(UnitFormatter.FormatPercent(r.PercentChange)),
                new Text(UnitFormatter.FormatRip(r.Rip)),
                new Text(r.RipCi95 is { } ci ? $"[{UnitFormatter.FormatRip(ci.Low)}, {UnitFormatter.FormatRip(ci.High)}]" : "-"),
                new Text(ComparisonCsv.VerdictText(r.Verdict), VerdictStyle(r.Verdict)));
        }
        console.Write(table);

        // The run-count caveat is usually the same on every row: say it once.
        var withCaveat = result.Rows.Where(r => r.NoiseNote is not null).ToList();
        var shared = withCaveat.Count >= 2 && withCaveat.All(r => r.NoiseNote == withCaveat[0].NoiseNote) ? withCaveat[0].NoiseNote : null;
        var notes = result.Rows
            .Select(r => (r.DisplayName, Text: string.Join("; ", new[] { r.Note, r.VerdictReason, r.NoiseNote == shared ? null : r.NoiseNote }.Where(n => n is not null))))
            .Where(n => n.Text.Length > 0)
            .Select(n => $"{n.DisplayName}: {n.Text}")
            .Prepend(shared is null ? null : "Every compared row: " + shared)
            .OfType<string>()
            .ToList();
        List(console, "Notes:", notes);
        List(console, "Warnings:", result.Warnings);
        if (result.Advice is { } advice) RenderAdvice(advice, console);
    }

    /// <summary>The advisor's findings (changed first), the memory readings and the cache verdict.</summary>
    public static void RenderAdvice(SparkTuner.Core.Advice.AdviceReport advice, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine();
        console.Write(new Text($"Advice ({advice.BaselineRunId} vs {advice.CandidateRunId}):\n", new Style(decoration: Decoration.Bold)));
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(Header("Change")).AddColumn(Header("Rule")).AddColumn(Header("Baseline")).AddColumn(Header("Candidate")).AddColumn(Header("Recommendation"));
        foreach (var f in advice.Findings)
        {
            var r = f.Candidate?.Recommendation ?? f.Baseline?.Recommendation;
            table.AddRow(
                new Text(f.Change.ToString().ToLowerInvariant(), f.Change is SparkTuner.Core.Advice.FindingChange.New or SparkTuner.Core.Advice.FindingChange.Worse ? new Style(Color.Red)
                    : f.Change == SparkTuner.Core.Advice.FindingChange.Same ? Style.Plain : new Style(Color.Green)),
                new Text(f.RuleId),
                new Text($"{f.BaselineSeverity.ToString().ToLowerInvariant()}: {f.Baseline?.Summary ?? "not evaluated"}"),
                new Text($"{f.CandidateSeverity.ToString().ToLowerInvariant()}: {f.Candidate?.Summary ?? "not evaluated"}"),
                new Text(r is null ? "-" : $"{r.Setting}={r.Value}"));
        }
        if (advice.Findings.Count > 0) console.Write(table);
        else console.Write(new Text("  No rule finds anything on either side.\n"));
        List(console, "Memory:", advice.MemoryModels.SelectMany(m => m.Readings.Select(x => $"{m.Side} {m.ExecutorId}: {x}")).ToList());
        List(console, "Cache:", [advice.Cache.Verdict]);
        List(console, "Advice notes:", advice.Notes);
    }

    private static void List(IAnsiConsole console, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        console.WriteLine();
        console.Write(new Text(title + "\n", new Style(decoration: Decoration.Bold)));
        foreach (var item in items)
        {
            console.Write(new Padder(new Text(item), new Padding(2, 0, 0, 0)));
        }
    }

    private static TableColumn Header(string text) => new(new Text(text, new Style(decoration: Decoration.Bold)));

    private static Style VerdictStyle(Verdict verdict) => verdict switch
    {
        Verdict.Better => new Style(Color.Green),
        Verdict.Worse => new Style(Color.Red),
        Verdict.NotAvailable => new Style(Color.Grey),
        _ => Style.Plain,
    };
}
