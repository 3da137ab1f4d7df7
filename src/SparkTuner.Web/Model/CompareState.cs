using System.Globalization;
using System.Text;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Runs;

namespace SparkTuner.Web.Model;

/// <summary>How the two sides are drawn.</summary>
public enum ChartLayout
{
    Overlay,
    SideBySide,
}

/// <summary>Which run of each side the Spark REST sections compare (0-based positions within each side).</summary>
public sealed record RunPair(int Baseline, int Candidate)
{
    public static readonly RunPair First = new(0, 0);
}

/// <summary>
/// Everything a comparison view shows, as it travels in the URL. Built and parsed only by <see cref="DashboardUrls"/>.
/// </summary>
public sealed record CompareState(
    IReadOnlyList<string> Baseline,
    IReadOnlyList<string> Candidate,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    IReadOnlyList<string>? Groups = null,
    ExecutorAggregation Aggregation = ExecutorAggregation.Sum,
    ChartLayout Layout = ChartLayout.Overlay,
    RunPair? Rest = null)
{
    /// <summary>The chosen metric groups, or <paramref name="all"/> (the catalog's keys) when the link names none.</summary>
    public IReadOnlyList<string> EffectiveGroups(IReadOnlyList<string> all) => Groups is { Count: > 0 } ? Groups : all;

    /// <summary>The REST pair, the first run of each side when the link names none.</summary>
    public RunPair EffectiveRest => Rest ?? RunPair.First;

    public CompareState Swapped() => this with
    {
        Baseline = Candidate,
        Candidate = Baseline,
        Rest = Rest is { } r ? new RunPair(r.Candidate, r.Baseline) : null,
    };

    public bool Equivalent(CompareState other) =>
        Baseline.SequenceEqual(other.Baseline) && Candidate.SequenceEqual(other.Candidate) && From == other.From && To == other.To
        && (Groups ?? []).SequenceEqual(other.Groups ?? []) && Aggregation == other.Aggregation && Layout == other.Layout
        && EffectiveRest == other.EffectiveRest;
}

/// <summary>The one place that builds and parses every URL of the dashboard.</summary>
public static class DashboardUrls
{
    public const string RunsPath = "/runs";
    public const string ComparePath = "/compare";

    public static string Runs(DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var q = new List<(string, string)>();
        if (from is { } f) q.Add(("from", Unix(f)));
        if (to is { } t) q.Add(("to", Unix(t)));
        return RunsPath + Query(q);
    }

    public static string Compare(CompareState state)
    {
        var q = new List<(string, string)>
        {
            ("baseline", string.Join(',', state.Baseline.Select(EscapeId))),
            ("candidate", string.Join(',', state.Candidate.Select(EscapeId))),
        };
        if (state.From is { } f) q.Add(("from", Unix(f)));
        if (state.To is { } t) q.Add(("to", Unix(t)));
        if (state.Groups is { Count: > 0 } g) q.Add(("groups", string.Join(',', g)));
        if (state.Aggregation != ExecutorAggregation.Sum) q.Add(("agg", state.Aggregation.ToString().ToLowerInvariant()));
        if (state.Layout != ChartLayout.Overlay) q.Add(("layout", "side"));
        // 1-based in the URL, as a person counts the runs listed in the header.
        if (state.EffectiveRest != RunPair.First) q.Add(("rest", FormattableString.Invariant($"{state.EffectiveRest.Baseline + 1},{state.EffectiveRest.Candidate + 1}")));
        return ComparePath + Query(q);
    }

    /// <summary>
    /// Parses a compare URL's query string. Never throws: problems come back as messages a person can act on,
    /// together with whatever could be read. <paramref name="groupKeys"/> are the catalog's metric group keys (the
    /// built-in catalog's when null); a link that names all of them is the same as one that names none. The sides are
    /// read by <see cref="RunSelection.Parse"/> (as <c>/api/compare</c> reads them), at most
    /// <paramref name="maxRunsPerSide"/> ids each (Runs:MaxRunsPerSide; its default when null). Parameters this page
    /// does not know are ignored, unlike the API's: a browser, a proxy or a chat client may append its own (utm_*,
    /// fbclid…) to a shared link, and the link should still open.
    /// </summary>
    public static (CompareState? State, IReadOnlyList<string> Errors) ParseCompare(
        IReadOnlyDictionary<string, string?> query, IReadOnlyList<string>? groupKeys = null, int? maxRunsPerSide = null)
    {
        var keys = groupKeys ?? MetricCatalog.Default.Groups.Select(g => g.Key).ToList();
        var errors = new List<string>();
        string? Get(string key) => query.TryGetValue(key, out var v) ? v : null;

        var sides = RunSelection.Parse(Get("baseline"), Get("candidate"), maxRunsPerSide ?? new RunsOptions().MaxRunsPerSide);
        errors.AddRange(sides.Errors.Select(e => e.Message));
        var (baseline, candidate) = (sides.Baseline, sides.Candidate);

        DateTimeOffset? ParseTime(string key)
        {
            var raw = Get(key);
            if (string.IsNullOrWhiteSpace(raw)) return null;
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) && s is > 0 and < 7_258_118_400)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000));
            }
            if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)) return d;
            errors.Add($"'{key}={raw}' is not a time (Unix seconds or RFC 3339).");
            return null;
        }

        var from = ParseTime("from");
        var to = ParseTime("to");
        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add($"The time range ends ({t:u}) before it starts ({f:u}).");
        }

        IReadOnlyList<string>? groups = null;
        if (Get("groups") is { Length: > 0 } rawGroups)
        {
            var list = rawGroups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(g => g.ToLowerInvariant()).Distinct().ToList();
            var unknown = list.Where(g => !keys.Contains(g)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add($"Unknown metric group(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; known: {string.Join(", ", keys)}.");
            }
            groups = keys.Where(list.Contains).ToList();
            if (groups.Count == keys.Count) groups = null;
        }

        var aggregation = ExecutorAggregation.Sum;
        if (Get("agg") is { Length: > 0 } rawAgg)
        {
            if (!Enum.TryParse(rawAgg, ignoreCase: true, out aggregation) || !Enum.IsDefined(aggregation) || int.TryParse(rawAgg, out _))
            {
                errors.Add($"'agg={rawAgg}' is not an executor aggregation (sum, max, mean or each).");
                aggregation = ExecutorAggregation.Sum;
            }
        }

        var layout = ChartLayout.Overlay;
        switch (Get("layout"))
        {
            case null or "" or "overlay": break;
            case "side": layout = ChartLayout.SideBySide; break;
            case var other: errors.Add($"'layout={other}' is not a chart layout (overlay or side)."); break;
        }

        RunPair? rest = null;
        if (Get("rest") is { Length: > 0 } rawRest)
        {
            var parts = rawRest.Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rb)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rc)
                && rb >= 1 && rc >= 1 && (baseline.Count == 0 || rb <= baseline.Count) && (candidate.Count == 0 || rc <= candidate.Count))
            {
                rest = new RunPair(rb - 1, rc - 1);
            }
            else
            {
                errors.Add($"'rest={rawRest}' is not a pair of runs to compare in detail: give the baseline run's number, then the " +
                    $"candidate's, e.g. rest=2,1 (this link has {baseline.Count} baseline and {candidate.Count} candidate run(s)).");
            }
        }

        var state = sides.Errors.Count == 0
            ? new CompareState(baseline, candidate, from, to, groups, aggregation, layout, rest)
            : null;
        return (state, errors);
    }

    private static string EscapeId(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Unix(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Query(List<(string Key, string Value)> pairs)
    {
        if (pairs.Count == 0) return "";
        var sb = new StringBuilder("?");
        foreach (var (k, v) in pairs)
        {
            if (sb.Length > 1) sb.Append('&');
            sb.Append(k).Append('=').Append(Uri.EscapeDataString(v).Replace("%2C", ",", StringComparison.Ordinal));
        }
        return sb.ToString();
    }
}
