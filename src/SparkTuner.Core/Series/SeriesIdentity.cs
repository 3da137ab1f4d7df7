namespace SparkTuner.Core.Series;

/// <summary>Copies of one quantity that were collapsed to one series, and what told them apart.</summary>
/// <param name="Kept">One series per identity, in input order of the first copy.</param>
/// <param name="Identities">Identities that had more than one copy.</param>
/// <param name="Dropped">Copies dropped (series in − series kept).</param>
/// <param name="DifferingLabels">Labels whose values differed between copies of an identity (e.g. <c>prometheus_replica</c>).</param>
public sealed record CollapseResult(IReadOnlyList<TimeSeries> Kept, int Identities, int Dropped, IReadOnlyList<string> DifferingLabels)
{
    /// <summary>A note for a summary row, or null when there were no copies.</summary>
    public string? Note => Dropped == 0
        ? null
        : $"duplicate series: {Identities} {(Identities == 1 ? "series" : "series each")} came {(Dropped + Identities) / (double)Identities:0.#} times"
          + (DifferingLabels.Count > 0 ? $" (differing in {string.Join(", ", DifferingLabels)})" : "")
          + "; one copy kept per series, never summed — enable deduplication in Thanos (--query.replica-label) or query one replica";
}

/// <summary>
/// One series per identity. An HA Prometheus pair, a Thanos Querier without deduplication, or the same target scraped by
/// two jobs delivers every series several times with different replica or target labels; summing them would double
/// every total. The identity of a series is its metric name plus the exporter profile's identity labels; copies are
/// collapsed by keeping the copy with the most finite samples (ties: the copy whose label set sorts first), so a
/// statistic is always one copy's view of the quantity and reproducible from that copy's samples.
/// </summary>
public static class SeriesIdentity
{
    /// <summary>Labels that tell copies apart when a profile names no identity labels: replica labels and the scrape target.</summary>
    public static IReadOnlyList<string> DefaultCopyLabels { get; } = ["prometheus_replica", "replica", "__replica__", "job", "instance"];

    /// <summary>The identity key of <paramref name="series"/>: <c>__name__</c> and the <paramref name="identity"/> labels' values,
    /// or (no identity labels) every label but <paramref name="copyLabels"/>.</summary>
    public static string Key(TimeSeries series, IReadOnlyList<string> identity, IReadOnlyList<string> copyLabels)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (identity.Count > 0)
        {
            return string.Join('\u001f', identity.Prepend("__name__").Select(l => series.Label(l) ?? ""));
        }

        return RawSampleReader.LabelKey(series.Labels.Where(l => !copyLabels.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value));
    }

    /// <summary>Collapses copies of the same identity (see the class remarks).</summary>
    public static CollapseResult Collapse(IReadOnlyList<TimeSeries> series, IReadOnlyList<string> identity, IReadOnlyList<string>? copyLabels = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(identity);
        copyLabels ??= DefaultCopyLabels;
        var groups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var s in series)
        {
            var key = Key(s, identity, copyLabels);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add(key);
            }

            list.Add(s);
        }

        if (order.Count == series.Count)
        {
            return new CollapseResult(series, 0, 0, []);
        }

        var kept = new List<TimeSeries>(order.Count);
        var differing = new SortedSet<string>(StringComparer.Ordinal);
        var withCopies = 0;
        foreach (var key in order)
        {
            var copies = groups[key];
            if (copies.Count == 1)
            {
                kept.Add(copies[0]);
                continue;
            }

            withCopies++;
            foreach (var name in copies.SelectMany(c => c.Labels.Keys).Distinct())
            {
                if (copies.Select(c => c.Label(name)).Distinct().Count() > 1) differing.Add(name);
            }

            kept.Add(copies
                .OrderByDescending(FiniteCount)
                .ThenBy(c => RawSampleReader.LabelKey(c.Labels), StringComparer.Ordinal)
                .First());
        }

        return new CollapseResult(kept, withCopies, series.Count - kept.Count, differing.ToList());
    }

    private static int FiniteCount(TimeSeries s)
    {
        var n = 0;
        foreach (var v in s.Values)
        {
            if (double.IsFinite(v)) n++;
        }

        return n;
    }
}
