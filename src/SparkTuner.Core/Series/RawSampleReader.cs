using SparkTuner.Core.Query;

namespace SparkTuner.Core.Series;

/// <summary>
/// Reads the raw samples of a plain series selector over a time range, exactly as they were scraped (timestamps with
/// their milliseconds, no step, no lookback padding): <c>selector[range]</c> evaluated as an instant query
/// (<c>/api/v1/query</c>) at the range's end. Long ranges are read in consecutive chunks so each answer stays small.
/// </summary>
public static class RawSampleReader
{
    /// <summary>Longest range one read covers by default.</summary>
    public static readonly TimeSpan DefaultChunk = TimeSpan.FromDays(1);

    /// <summary>
    /// The series of <paramref name="selector"/> with their samples in [<paramref name="from"/>, <paramref name="to"/>]
    /// (a sample on a chunk boundary is kept once), in ascending time, merged across chunks by label set.
    /// </summary>
    /// <param name="source">The Prometheus-compatible source.</param>
    /// <param name="selector">A plain series selector, without a range.</param>
    /// <param name="from">First instant whose samples are wanted.</param>
    /// <param name="to">Last instant whose samples are wanted.</param>
    /// <param name="chunk">Longest range per read; null: <see cref="DefaultChunk"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="DataSourceException">A read failed.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static async Task<QueryResult<IReadOnlyList<TimeSeries>>> ReadAsync(
        ITimeSeriesSource source, string selector, DateTimeOffset from, DateTimeOffset to, TimeSpan? chunk = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        if (to < from)
        {
            throw new ArgumentException($"The end of the range ({to:O}) is before its start ({from:O}).", nameof(to));
        }

        var size = chunk is { } c && c >= TimeSpan.FromMinutes(1) ? c : DefaultChunk;
        var lo = from.ToUnixTimeMilliseconds() / 1000.0;
        var hi = to.ToUnixTimeMilliseconds() / 1000.0;
        // Chunks are read oldest first and each answer is ascending, so a series' samples are appended in order; a sample
        // on a chunk boundary comes twice and is kept once.
        var merged = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<double> Times, List<double> Values)>(StringComparer.Ordinal);
        var warnings = new List<string>();
        for (var start = from; ; start += size)
        {
            var end = start + size >= to ? to : start + size;
            // A range selector at time T covers (T − range, T] (Prometheus 3) or [T − range, T] (2.x): one extra
            // millisecond in front covers `start` either way; the filter below keeps only [from, to].
            var range = end - start + TimeSpan.FromMilliseconds(1);
            var result = await source.QueryRawAsync($"{selector}[{PromQl.FormatDuration(range)}]", end, cancellationToken).ConfigureAwait(false);
            warnings.AddRange(result.Warnings);
            foreach (var series in result.Data)
            {
                var entry = EntryFor(merged, series);

                for (var i = 0; i < series.Count; i++)
                {
                    var t = series.Timestamps[i];
                    if (t < lo || t > hi || (entry.Times.Count > 0 && t <= entry.Times[^1]))
                    {
                        continue;
                    }

                    entry.Times.Add(t);
                    entry.Values.Add(series.Values[i]);
                }
            }

            if (end >= to)
            {
                break;
            }
        }

        IReadOnlyList<TimeSeries> data = merged.Values
            .Where(e => e.Times.Count > 0)
            .Select(e => new TimeSeries(e.Labels, e.Times.ToArray(), e.Values.ToArray()))
            .ToList();
        return new QueryResult<IReadOnlyList<TimeSeries>>(data, warnings.Distinct().ToList());
    }

    /// <summary>
    /// The series of <paramref name="selector"/> with their samples inside any of <paramref name="windows"/> (the runs
    /// of a comparison, each widened by a scrape interval): windows whose union spans at most one chunk are read together
    /// (one query for runs close in time), others separately; the answers are merged by label set. A sample between two
    /// windows of one read is kept: the caller cuts each run's window out (<see cref="Cut"/>).
    /// </summary>
    /// <exception cref="DataSourceException">A read failed.</exception>
    public static async Task<QueryResult<IReadOnlyList<TimeSeries>>> ReadWindowsAsync(
        ITimeSeriesSource source, string selector, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows, TimeSpan? chunk = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var size = chunk is { } c && c >= TimeSpan.FromMinutes(1) ? c : DefaultChunk;
        var reads = Clusters(windows, size);
        var merged = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<double> Times, List<double> Values)>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var (from, to) in reads)
        {
            var result = await ReadAsync(source, selector, from, to, size, cancellationToken).ConfigureAwait(false);
            warnings.AddRange(result.Warnings);
            foreach (var series in result.Data)
            {
                var entry = EntryFor(merged, series);

                // Reads are disjoint and oldest first: appending keeps each series ascending.
                entry.Times.AddRange(series.Timestamps);
                entry.Values.AddRange(series.Values);
            }
        }

        IReadOnlyList<TimeSeries> data = merged.Values
            .Select(e => new TimeSeries(e.Labels, e.Times.ToArray(), e.Values.ToArray()))
            .ToList();
        return new QueryResult<IReadOnlyList<TimeSeries>>(data, warnings.Distinct().ToList());
    }

    /// <summary>
    /// The ranges to read for <paramref name="windows"/>: sorted by start, a window joins the current range while the
    /// range's span stays within <paramref name="chunk"/> (or it overlaps the range); otherwise it starts a new one.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Clusters(IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows, TimeSpan chunk)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var result = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var (from, to) in windows.OrderBy(w => w.From))
        {
            if (result.Count > 0)
            {
                var (f, t) = result[^1];
                var end = to > t ? to : t;
                if (from <= t || end - f <= chunk)
                {
                    result[^1] = (f, end);
                    continue;
                }
            }

            result.Add((from, to));
        }

        return result;
    }

    /// <summary>The samples of <paramref name="series"/> in [<paramref name="from"/>, <paramref name="to"/>]; null when none.</summary>
    public static TimeSeries? Cut(TimeSeries series, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(series);
        var lo = from.ToUnixTimeMilliseconds() / 1000.0;
        var hi = to.ToUnixTimeMilliseconds() / 1000.0;
        var first = 0;
        while (first < series.Count && series.Timestamps[first] < lo) first++;
        var last = series.Count - 1;
        while (last >= first && series.Timestamps[last] > hi) last--;
        if (last < first) return null;
        if (first == 0 && last == series.Count - 1) return series;
        return new TimeSeries(series.Labels, series.Timestamps[first..(last + 1)], series.Values[first..(last + 1)]);
    }

    /// <summary>The merge entry of <paramref name="series"/>' label set, added empty on first sight.</summary>
    private static (IReadOnlyDictionary<string, string> Labels, List<double> Times, List<double> Values) EntryFor(
        Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<double> Times, List<double> Values)> merged, TimeSeries series)
    {
        var key = LabelKey(series.Labels);
        if (!merged.TryGetValue(key, out var entry))
        {
            entry = (series.Labels, new List<double>(series.Count), new List<double>(series.Count));
            merged.Add(key, entry);
        }

        return entry;
    }

    /// <summary>A stable text key of a label set (sorted by name).</summary>
    public static string LabelKey(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\u001f', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "\u001e" + l.Value));
}
