using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Diagnostics;

/// <summary>A run the fake's discovery series describe: driver samples every <paramref name="GapSeconds"/> from start to end.</summary>
public sealed record FakeRun(string Id, string Name, DateTimeOffset Start, DateTimeOffset End, double GapSeconds = 15, int Executors = 2);

/// <summary>
/// A scripted <see cref="ITimeSeriesSource"/> for the doctor: metric names for label-values calls (filtered by the
/// request's <c>__name__</c> matchers, as Prometheus does), Spark-native discovery series for <see cref="Runs"/>,
/// and handlers for range, instant and series queries. Records every query; range queries may pass a gate.
/// </summary>
public sealed class ScriptedSource : ITimeSeriesSource
{
    public string Describe => "http://prometheus.test:9090";

    /// <summary>The version buildinfo reports ("" = none); throw for an unreachable server.</summary>
    public Func<string> Version { get; set; } = () => "2.42.0";

    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public List<FakeRun> Runs { get; } = [];

    /// <summary>Answer of a range query (e.g. the doctor's <c>count(…)</c>); empty by default.</summary>
    public Func<string, IReadOnlyList<TimeSeries>> Range { get; set; } = _ => [];

    /// <summary>Value of an instant query (kube-state-metrics counts), or null for an empty vector.</summary>
    public Func<string, double?> Instant { get; set; } = _ => null;

    /// <summary>Label sets of a series lookup other than discovery's.</summary>
    public Func<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> Series { get; set; } = _ => [];

    /// <summary>A failure to throw for a query (null: answer it).</summary>
    public Func<string, DataSourceException?> Fail { get; set; } = _ => null;

    /// <summary>The gate range queries pass (for the concurrency test); null: none.</summary>
    public InFlightGate? RangeGate { get; set; }

    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>One series with one point of value <paramref name="value"/>.</summary>
    public static IReadOnlyList<TimeSeries> One(double value) =>
        [new TimeSeries(new Dictionary<string, string>(), [1_700_000_000], [value])];

    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Version();
    }

    public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        CallAsync(promQl, () => QueryResult<IReadOnlyList<TimeSeries>>.Of(Range(promQl)), RangeGate);

    public Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        CallAsync(promQl, () => QueryResult<IReadOnlyList<InstantSample>>.Of(
            Instant(promQl) is { } v ? [new InstantSample(new Dictionary<string, string>(), time.ToUnixTimeSeconds(), v)] : []));

    public Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        CallAsync(promQl, () =>
        {
            var result = new List<TimeSeries>();
            foreach (var run in Runs.Where(r => IsDiscovery(promQl) && NamesApp(promQl, r.Id) == true))
            {
                var ts = new List<double>();
                for (var t = run.Start.ToUnixTimeMilliseconds() / 1000.0; t <= run.End.ToUnixTimeMilliseconds() / 1000.0 + 1e-9; t += run.GapSeconds)
                {
                    ts.Add(t);
                }
                result.Add(new TimeSeries(new Dictionary<string, string> { ["application_id"] = run.Id, ["executor_id"] = "driver" }, ts.ToArray(), ts.Select(_ => 0.0).ToArray()));
            }
            return QueryResult<IReadOnlyList<TimeSeries>>.Of(result);
        });

    public Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        CallAsync(string.Join(" ", matchers), () =>
        {
            if (matchers.Count == 1 && matchers[0].StartsWith("kube_pod_labels{label_spark_app_selector=", StringComparison.Ordinal))
            {
                IReadOnlyList<IReadOnlyDictionary<string, string>> pods = Runs
                    .Where(r => PodsOf(r.Id) && matchers[0].Contains($"\"{r.Id}\"", StringComparison.Ordinal))
                    .SelectMany(r => Enumerable.Range(0, r.Executors + 1).Select(e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                    {
                        ["__name__"] = "kube_pod_labels",
                        ["namespace"] = "jobs",
                        ["pod"] = e == 0 ? $"{r.Name}-driver" : $"{r.Name}-exec-{e}",
                        ["label_spark_app_selector"] = r.Id,
                        ["label_spark_role"] = e == 0 ? "driver" : "executor",
                        ["label_spark_exec_id"] = e == 0 ? "" : e.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }))
                    .ToList();
                return QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(pods);
            }
            if (matchers.Count == 1 && IsDiscovery(matchers[0]))
            {
                IReadOnlyList<IReadOnlyDictionary<string, string>> sets = Runs
                    .Where(r => NamesApp(matchers[0], r.Id) != false)
                    .SelectMany(r => Enumerable.Range(0, r.Executors + 1).Select(e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                    {
                        ["__name__"] = "metrics_executor_totalCores",
                        ["application_id"] = r.Id,
                        ["application_name"] = r.Name,
                        ["executor_id"] = e == 0 ? "driver" : e.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }))
                    .ToList();
                return QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(sets);
            }
            return QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>.Of(Series(matchers[0]));
        });

    public Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        CallAsync("label values " + string.Join(" ", matchers ?? []), () =>
        {
            var patterns = (matchers ?? []).Select(ToRegex).ToList();
            IReadOnlyList<string> names = Names.Where(n => patterns.Count == 0 || patterns.Any(p => p.IsMatch(n))).Order(StringComparer.Ordinal).ToList();
            return QueryResult<IReadOnlyList<string>>.Of(names);
        });

    /// <summary>Whether kube-state-metrics knows the pods of a run (true by default).</summary>
    public Func<string, bool> PodsOf { get; set; } = _ => true;

    private static bool IsDiscovery(string selector) =>
        selector.StartsWith("metrics_executor_totalCores{", StringComparison.Ordinal)
        || selector.StartsWith("{__name__=~\"metrics_executor_totalCores|", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="selector"/>'s application_id matcher (<c>=</c> or <c>=~</c>, as run discovery writes them) takes <paramref name="id"/>; null without one.</summary>
    private static bool? NamesApp(string selector, string id)
    {
        var m = Regex.Match(selector, "application_id(=~|=)\"((?:[^\"\\\\]|\\\\.)*)\"");
        if (!m.Success)
        {
            return null;
        }
        var value = m.Groups[2].Value.Replace("\\\\", "\\", StringComparison.Ordinal);
        return m.Groups[1].Value == "=" ? value == id : Regex.IsMatch(id, "^(?:" + value + ")$");
    }

    private static Regex ToRegex(string matcher)
    {
        var m = Regex.Match(matcher, "^\\{__name__(=~|=)\"(.*)\"\\}$");
        if (!m.Success)
        {
            throw new InvalidOperationException($"unexpected matcher {matcher}");
        }
        var value = m.Groups[2].Value.Replace("\\\\", "\\", StringComparison.Ordinal);
        return new Regex("^(?:" + (m.Groups[1].Value == "=" ? Regex.Escape(value) : value) + ")$");
    }

    private async Task<T> CallAsync<T>(string query, Func<T> answer, InFlightGate? gate = null)
    {
        Queries.Enqueue(query);
        T Answer() => Fail(query) is { } e ? throw e : answer();
        if (gate is not null)
        {
            return await gate.PassAsync(Answer);
        }
        await Task.Yield();
        return Answer();
    }
}
