using SparkTuner.Core.Snapshots;

namespace SparkTuner.Web.Model;

/// <summary>Links of snapshots: <c>/s/{id}</c> with the view options a compare link has (groups, agg, layout) and nothing else.</summary>
public static class SnapshotUrls
{
    /// <summary>Path of the Snapshots page.</summary>
    public const string ListPath = "/snapshots";

    /// <summary>The snapshot's link showing <paramref name="state"/>'s view.</summary>
    public static string Of(string id, CompareState? state = null)
    {
        var path = "/s/" + Uri.EscapeDataString(id);
        if (state is null) return path;
        // The compare link's own builder writes the view options; the runs and range are the snapshot's.
        var compare = DashboardUrls.Compare(state with { From = null, To = null, Rest = null });
        var query = compare[(compare.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Where(p => !p.StartsWith("baseline=", StringComparison.Ordinal) && !p.StartsWith("candidate=", StringComparison.Ordinal))
            .ToList();
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>
    /// Reads a snapshot link's view options (<c>groups</c>, <c>agg</c>, <c>layout</c>) with the compare link's parser,
    /// the sides being the snapshot's runs. Never throws: problems come back as messages.
    /// </summary>
    public static (CompareState? State, IReadOnlyList<string> Errors) Parse(
        ComparisonSnapshot snapshot, IReadOnlyDictionary<string, string?> query, IReadOnlyList<string> groupKeys)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(query);
        var q = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["baseline"] = string.Join(',', snapshot.Link.Baseline.Select(Escape)),
            ["candidate"] = string.Join(',', snapshot.Link.Candidate.Select(Escape)),
        };
        foreach (var key in new[] { "groups", "agg", "layout" })
        {
            if (query.TryGetValue(key, out var v)) q[key] = v;
        }
        // A snapshot holds as many runs as it holds; the page's per-side cap is for queries it would send.
        var (state, errors) = DashboardUrls.ParseCompare(q, groupKeys, int.MaxValue);
        return (state is null ? null : state with { Rest = new RunPair(snapshot.Link.RestBaseline, snapshot.Link.RestCandidate) }, errors);
    }

    private static string Escape(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>The catalog-independent group keys a snapshot holds.</summary>
    public static IReadOnlyList<string> GroupKeys(ComparisonSnapshot snapshot) => snapshot.Groups.Select(g => g.Key).ToList();

    /// <summary>The group choices (key, title) a snapshot holds.</summary>
    public static IReadOnlyList<(string Key, string Title)> GroupChoices(ComparisonSnapshot snapshot) => snapshot.Groups.Select(g => (g.Key, g.Title)).ToList();
}
