namespace SparkTuner.Core.Series;

/// <summary>Copies of one quantity that were collapsed to one series, and what told them apart.</summary>
/// <param name="Kept">One series per identity and incarnation, in input order of the first copy.</param>
/// <param name="Identities">Identities that had more than one copy at the same time.</param>
/// <param name="Dropped">Copies dropped (series in − series kept).</param>
/// <param name="DifferingLabels">Labels whose values differed between copies of an identity (e.g. <c>prometheus_replica</c>).</param>
/// <param name="FirstSeen">Parallel to <see cref="Kept"/>: the earliest first sample (Unix seconds) among the kept
/// series' copies, so that "was it there when the run started" does not depend on which copy was kept.</param>
public sealed record CollapseResult(IReadOnlyList<TimeSeries> Kept, int Identities, int Dropped, IReadOnlyList<string> DifferingLabels, IReadOnlyList<double> FirstSeen)
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
/// every total. The identity of a series is its metric name plus the exporter profile's identity labels. Series of one
/// identity whose time ranges (first to last sample) overlap are copies: they are collapsed by keeping the copy with
/// the most finite samples (ties: the copy whose label set sorts first), so a statistic is always one copy's view of
/// the quantity and reproducible from that copy's samples. Series of one identity that follow each other without
/// overlapping are successive incarnations (a restarted container gets a new cAdvisor <c>id</c>) and are all kept.
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

        var kept = new List<TimeSeries>(order.Count);
        var firstSeen = new List<double>(order.Count);
        var differing = new SortedSet<string>(StringComparer.Ordinal);
        var withCopies = 0;
        foreach (var key in order)
        {
            var group = groups[key];
            if (group.Count == 1)
            {
                kept.Add(group[0]);
                firstSeen.Add(First(group[0]));
                continue;
            }

            var copiesAtOnce = false;
            foreach (var cluster in Overlapping(group))
            {
                if (cluster.Count > 1)
                {
                    copiesAtOnce = true;
                    foreach (var name in cluster.SelectMany(c => c.Labels.Keys).Distinct())
                    {
                        if (cluster.Select(c => c.Label(name)).Distinct().Count() > 1) differing.Add(name);
                    }
                }

                kept.Add(cluster
                    .OrderByDescending(FiniteCount)
                    .ThenBy(c => RawSampleReader.LabelKey(c.Labels), StringComparer.Ordinal)
                    .First());
                firstSeen.Add(cluster.Min(First));
            }

            if (copiesAtOnce) withCopies++;
        }

        return new CollapseResult(kept, withCopies, series.Count - kept.Count, differing.ToList(), firstSeen);
    }

    /// <summary>The series of one identity in clusters whose [first, last] ranges overlap (empty series join none and are dropped when others exist).</summary>
    private static IEnumerable<List<TimeSeries>> Overlapping(List<TimeSeries> group)
    {
        var withData = group.Where(s => s.Count > 0).OrderBy(First).ToList();
        if (withData.Count == 0)
        {
            yield return [group[0]];
            yield break;
        }

        var cluster = new List<TimeSeries> { withData[0] };
        var end = withData[0].Timestamps[^1];
        foreach (var s in withData.Skip(1))
        {
            if (s.Timestamps[0] <= end)
            {
                cluster.Add(s);
                end = Math.Max(end, s.Timestamps[^1]);
                continue;
            }

            yield return cluster;
            cluster = [s];
            end = s.Timestamps[^1];
        }

        yield return cluster;
    }

    private static double First(TimeSeries s) => s.Count > 0 ? s.Timestamps[0] : double.PositiveInfinity;

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
