namespace SparkTuner.Web.Model;

/// <summary>A problem with a comparison request, under the query parameter it is about.</summary>
public sealed record RequestError(string Parameter, string Message);

/// <summary>
/// The two sides of a comparison as one parse of <c>baseline</c> and <c>candidate</c> read them: the one place that
/// does, for the Compare page's links (<see cref="DashboardUrls.ParseCompare"/>) and <c>/api/compare</c> alike.
/// </summary>
/// <param name="Baseline">The baseline ids, in the order given; empty when the side has an error.</param>
/// <param name="Candidate">The candidate ids, in the order given; empty when the side has an error.</param>
/// <param name="Errors">Everything the request got wrong; empty when both sides can be compared.</param>
public sealed record RunSelection(IReadOnlyList<string> Baseline, IReadOnlyList<string> Candidate, IReadOnlyList<RequestError> Errors)
{
    /// <summary>The longest id accepted: Spark's are far shorter (<c>app-20240611100000-0001</c>, <c>spark-</c> + 32 hex digits).</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Reads the two sides. Ids are comma-separated; an id with a comma or a percent sign inside carries it
    /// percent-encoded (as <see cref="DashboardUrls.Compare"/> writes it), so a page link's query works on the API too.
    /// Refused, each with a message naming the parameter: a side with no id; a side with more than
    /// <paramref name="maxPerSide"/> ids (Runs:MaxRunsPerSide; then no other check of that side, and no query is sent);
    /// an id that cannot be a Spark application id (whitespace or control characters, longer than
    /// <see cref="MaxIdLength"/>); an id listed twice in a side; a run on both sides. A duplicate is refused rather
    /// than silently dropped: it counted one run several times once (sd 0, "3 vs 3 runs"), and a link that lists a run
    /// twice was most likely meant to name another one, which only the person can say.
    /// </summary>
    public static RunSelection Parse(string? baseline, string? candidate, int maxPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerSide, 1);
        var errors = new List<RequestError>();
        var b = Side(baseline, "baseline", maxPerSide, errors);
        var c = Side(candidate, "candidate", maxPerSide, errors);
        foreach (var both in b.Intersect(c, StringComparer.Ordinal))
        {
            errors.Add(new("candidate", $"Run '{Shorten(both)}' is on both sides: a run cannot be compared with itself."));
        }
        return new RunSelection(b, c, errors);
    }

    private static List<string> Side(string? raw, string name, int maxPerSide, List<RequestError> errors)
    {
        var ids = (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Unescape)
            .ToList();
        if (ids.Count == 0)
        {
            errors.Add(new(name, $"No {name} run is named: give {name}=ID[,ID…]."));
            return [];
        }
        if (ids.Count > maxPerSide)
        {
            errors.Add(new(name, $"'{name}' lists {ids.Count} runs; at most {maxPerSide} per side can be compared (setting Runs:MaxRunsPerSide)."));
            return [];
        }
        var before = errors.Count;
        foreach (var id in ids.Where(i => i.Length > MaxIdLength || i.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch))).Distinct(StringComparer.Ordinal))
        {
            errors.Add(new(name, $"'{Shorten(id)}' is not a Spark application id (no spaces or control characters, at most {MaxIdLength} characters)."));
        }
        foreach (var twice in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(name, $"Run '{Shorten(twice.Key)}' is listed {twice.Count()} times in '{name}': list each run once."));
        }
        return errors.Count == before ? ids : [];
    }

    // Only what DashboardUrls escapes inside an id: a lone '%' that starts no escape stays as it is.
    private static string Unescape(string id) => id.Replace("%2C", ",", StringComparison.OrdinalIgnoreCase).Replace("%25", "%", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
