using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Runs;

/// <summary>
/// In-memory source for discovery tests: holds raw series; answers /series with label sets and range-vector selectors
/// (<c>metric{l="v",…}[range]</c> or <c>{__name__=~"a|b",…}[range]</c>; matchers <c>=</c>, <c>!=</c>, <c>=~</c>,
/// <c>!~</c>, regexes fully anchored as in PromQL) with the samples inside [time − range, time].
/// </summary>
internal sealed partial class FakeTimeSeriesSource : ITimeSeriesSource
{
    private readonly List<TimeSeries> _series = [];

    public string Describe => "fake";

    /// <summary>The gate raw reads pass (for the concurrency test); null: none.</summary>
    public InFlightGate? RawGate { get; set; }

    public Exception? RawFailure { get; set; }

    public ConcurrentQueue<string> RawQueries { get; } = new();

    public ConcurrentQueue<string> SeriesMatchers { get; } = new();

    public FakeTimeSeriesSource Add(IReadOnlyDictionary<string, string> labels, params double[] timestamps)
    {
        _series.Add(new TimeSeries(labels, timestamps, timestamps.Select(_ => 1.0).ToArray()));
        return this;
    }

    [GeneratedRegex("""([a-zA-Z_]\w*)(=~|!~|=|!=)"((?:[^"\\]|\\.)*)"(?=,|\})""")]
    private static partial Regex MatcherRegex();

    [GeneratedRegex(@"^([a-zA-Z_:][\w:]*)")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"\[(\d+)(ms|s|m|h|d)\]$")]
    private static partial Regex RangeRegex();

    private IEnumerable<TimeSeries> Match(string selector)
    {
        var name = NameRegex().Match(selector).Groups[1].Value;
        var matchers = MatcherRegex().Matches(selector).Select(m => (Label: m.Groups[1].Value, Op: m.Groups[2].Value, Value: Regex.Unescape(m.Groups[3].Value))).ToList();
        static bool Matches(string value, string op, string operand) => op switch
        {
            "=" => value == operand,
            "!=" => value != operand,
            "=~" => Regex.IsMatch(value, "^(?:" + operand + ")$"),
            _ => !Regex.IsMatch(value, "^(?:" + operand + ")$"),
        };
        return _series.Where(s =>
            (name.Length == 0 || s.Label("__name__") == name) &&
            matchers.All(m => Matches(s.Label(m.Label) ?? "", m.Op, m.Value)));
    }

    public async Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        RawQueries.Enqueue(promQl);
        return RawGate is null ? Answer() : await RawGate.PassAsync(Answer);

        QueryResult<IReadOnlyList<TimeSeries>> Answer()
        {
            if (RawFailure is not null)
            {
                throw RawFailure;
            }

            var r = RangeRegex().Match(promQl);
            var n = double.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var seconds = n * r.Groups[2].Value switch { "ms" => 0.001, "s" => 1, "m" => 60, "h" => 3600, _ => 86400 };
            var hi = time.ToUnixTimeMilliseconds() / 1000.0;
            var lo = hi - seconds;
            var result = Match(promQl[..r.Index])
                .Select(s =>
                {
                    var ts = s.Timestamps.Where(t => t >= lo && t <= hi).ToArray();
                    return new TimeSeries(s.Labels, ts, ts.Select(_ => 1.0).ToArray());
                })
                .Where(s => s.Count > 0)
                .ToList();
            return QueryResult<IReadOnlyList<TimeSeries>>.Of(result);
        }
    }

    public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        foreach (var m in matchers)
        {
            SeriesMatchers.Enqueue(m);
        }

        IReadOnlyList<IReadOnlyDictionary<string, string>> labels = matchers.SelectMany(Match).Select(s => s.Labels).Distinct().ToList();
        return Task.FromResult(QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(labels));
    }

    /// <summary>Range queries received (discovery only screens chunks with <c>count(count_over_time(sel[chunk]))</c>).</summary>
    public ConcurrentQueue<string> RangeQueries { get; } = new();

    /// <summary>
    /// Answers only discovery's chunk screen, <c>count(count_over_time(sel[d]))</c>, as Prometheus would: at start + k·step
    /// up to end, the number of samples in (t − d, t], no point where there are none. Anything else is refused: bounds
    /// must come from raw samples (a range query's end is padded by the lookback).
    /// </summary>
    public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        const string prefix = "count(count_over_time(";
        if (!promQl.StartsWith(prefix, StringComparison.Ordinal) || !promQl.EndsWith("]))", StringComparison.Ordinal))
        {
            throw new NotSupportedException("Discovery must not use query_range for bounds (its end is padded).");
        }

        RangeQueries.Enqueue(promQl);
        var inner = promQl[prefix.Length..^2];
        var r = RangeRegex().Match(inner);
        var n = double.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var seconds = n * r.Groups[2].Value switch { "ms" => 0.001, "s" => 1, "m" => 60, "h" => 3600, _ => 86400 };
        var series = Match(inner[..r.Index]).ToList();
        var times = new List<double>();
        var values = new List<double>();
        for (var t = start; t <= end; t += step)
        {
            var hi = t.ToUnixTimeMilliseconds() / 1000.0;
            var count = series.Sum(s => s.Timestamps.Count(x => x > hi - seconds && x <= hi));
            if (count > 0)
            {
                times.Add(hi);
                values.Add(count);
            }
        }

        IReadOnlyList<TimeSeries> result = times.Count == 0 ? [] : [new TimeSeries(new Dictionary<string, string>(), [.. times], [.. values])];
        return Task.FromResult(QueryResult<IReadOnlyList<TimeSeries>>.Of(result));
    }

    public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<string> VersionAsync(CancellationToken cancellationToken = default) => Task.FromResult("2.42.0");
}
