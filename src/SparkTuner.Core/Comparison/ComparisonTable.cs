using System.Text;

namespace SparkTuner.Core.Comparison;

/// <summary>A fixed-width text table of a comparison for the CLI, with human units, notes and warnings below it.</summary>
public static class ComparisonTable
{
    /// <summary>Formats <paramref name="result"/> as a plain-text table (lines end with \n).</summary>
    public static string Format(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var header = new[] { "Metric", result.Baseline.Label, result.Candidate.Label, "Change", "RIP", "95% CI", "Verdict" };
        var lines = result.Rows.Select(r => new[]
        {
            r.DisplayName,
            UnitFormatter.FormatValue(r.Baseline, r.Unit, r.Statistic),
            UnitFormatter.FormatValue(r.Candidate, r.Unit, r.Statistic),
            UnitFormatter.FormatPercent(r.PercentChange),
            UnitFormatter.FormatRip(r.Rip),
            r.RipCi95 is { } ci ? $"[{UnitFormatter.FormatRip(ci.Low)}, {UnitFormatter.FormatRip(ci.High)}]" : "-",
            ComparisonCsv.VerdictText(r.Verdict),
        }).ToList();

        var widths = Enumerable.Range(0, header.Length)
            .Select(i => lines.Select(l => l[i].Length).Prepend(header[i].Length).Max())
            .ToArray();

        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant(
            $"Baseline: {result.Baseline.Label} ({result.Baseline.Runs.Count} run(s))   Candidate: {result.Candidate.Label} ({result.Candidate.Runs.Count} run(s))\n\n"));
        AppendLine(sb, header, widths);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var line in lines)
        {
            AppendLine(sb, line, widths);
        }

        // The run-count caveat is usually the same on every row: say it once.
        var withCaveat = result.Rows.Where(r => r.NoiseNote is not null).ToList();
        var shared = withCaveat.Count >= 2 && withCaveat.All(r => r.NoiseNote == withCaveat[0].NoiseNote) ? withCaveat[0].NoiseNote : null;
        var notes = result.Rows
            .Select(r => (r.DisplayName, Text: string.Join("; ", new[] { r.Note, r.VerdictReason, r.NoiseNote == shared ? null : r.NoiseNote }.Where(n => n is not null))))
            .Where(n => n.Text.Length > 0)
            .ToList();
        if (notes.Count > 0 || shared is not null)
        {
            sb.Append("\nNotes:\n");
            if (shared is not null)
            {
                sb.Append("  ").Append("Every compared row: ").Append(shared).Append('\n');
            }

            foreach (var (name, text) in notes)
            {
                sb.Append("  ").Append(name).Append(": ").Append(text).Append('\n');
            }
        }

        if (result.Warnings.Count > 0)
        {
            sb.Append("\nWarnings:\n");
            foreach (var w in result.Warnings)
            {
                sb.Append("  ").Append(w).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void AppendLine(StringBuilder sb, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            // Text columns left-aligned, numbers right-aligned.
            line.Append(i == 0 || i == cells.Count - 1 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            if (i < cells.Count - 1)
            {
                line.Append("  ");
            }
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
