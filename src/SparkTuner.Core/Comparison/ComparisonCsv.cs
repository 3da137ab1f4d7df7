using System.Globalization;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Writes a comparison as RFC 4180 CSV: a header line, one line per row, CRLF, invariant culture, raw numbers. Text cells
/// are neutralised against CSV (formula) injection (<see cref="Neutralise"/>); number cells are written as numbers, a
/// negative % change included.
/// </summary>
public static class ComparisonCsv
{
    /// <summary>The header line's column names.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "metric", "displayName", "scope", "statistic", "aggregation", "unit",
        "baseline", "candidate", "percentChange", "rip", "ciLow", "ciHigh", "verdict", "note",
    ];

    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>. Empty fields mean n/a.</summary>
    public static void Write(ComparisonResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, Columns);
        foreach (var row in result.Rows)
        {
            WriteLine(writer,
            [
                Neutralise(row.Metric),
                Neutralise(row.DisplayName),
                Snake(row.Scope),
                Snake(row.Statistic),
                Snake(row.Aggregation),
                Neutralise(UnitFormatter.UnitLabel(row.Unit, row.Statistic)),
                Number(row.Baseline),
                Number(row.Candidate),
                Number(row.PercentChange),
                Number(row.Rip),
                Number(row.RipCi95?.Low),
                Number(row.RipCi95?.High),
                VerdictText(row.Verdict),
                // Notes can carry a data source's error text, the first place a crafted value would land.
                Neutralise(string.Join("; ", new[] { row.Note, row.VerdictReason }.Where(n => n is not null))),
            ]);
        }
    }

    /// <summary>The verdict as written in JSON and CSV (better, worse, within_noise, informational, n/a).</summary>
    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.NotAvailable => "n/a",
        Verdict.WithinNoise => "within_noise",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// A text cell that a spreadsheet would read as a formula gets a leading apostrophe, so the spreadsheet shows it as text and
    /// runs nothing. Such cells start with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return. This follows
    /// OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection). Apply it to text cells only. A number
    /// such as <c>-12.5</c> must stay a number, and the writer's own numbers are never formulas.
    /// </summary>
    public static string Neutralise(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;

    /// <summary>Quotes a field when it contains a comma, a quote, CR or LF; quotes inside are doubled.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteLine(TextWriter writer, IEnumerable<string> fields)
    {
        writer.Write(string.Join(",", fields.Select(Escape)));
        writer.Write("\r\n");
    }

    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Snake<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
