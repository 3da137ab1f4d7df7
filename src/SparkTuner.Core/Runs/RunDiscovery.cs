using System.Runtime.ExceptionServices;
using SparkTuner.Core.Query;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Runs;

/// <summary>
/// Finds Spark applications in a time-series source. Identity (id, name, executors) comes from the label sets of the
/// discovery series (<c>/api/v1/series</c>, under <see cref="RunDiscoveryOptions.Metric"/> or any of its
/// <see cref="RunDiscoveryOptions.MetricAliases"/>); <see cref="SparkRun.Start"/> and <see cref="SparkRun.End"/> are the
/// first and last raw sample of the application's driver series (range-vector selectors read with <c>/api/v1/query</c>),
/// never the last point of a range query, which Prometheus pads for up to 5 minutes after a series stops. With a
/// <see cref="RunDiscoveryOptions.DriverContainer"/> (Kubernetes) they are the first and last raw sample of the driver
/// container's cAdvisor series instead, when it has any. Copies of a series (executors seen twice, replicas of an HA
/// pair scraped a few seconds apart) never count twice: executors are a set of ids, and the bounds are the earliest and
/// latest real sample of any copy. A run whose last sample is within two scrape intervals of now is
/// <see cref="RunState.Running"/>. Errors of the source (<see cref="DataSourceException"/>) propagate unchanged.
/// </summary>
public sealed class RunDiscovery
{
    private readonly ITimeSeriesSource _source;
    private readonly RunDiscoveryOptions _options;
    private readonly VariantRule _variantRule;
    private readonly TimeProvider _clock;

    /// <summary>Creates a discovery over <paramref name="source"/>.</summary>
    /// <param name="source">Where the series are read.</param>
    /// <param name="options">Discovery series and labels; <see cref="RunDiscoveryOptions.SparkNative"/> when null.</param>
    /// <param name="clock">"Now" for the running rule; the system clock when null.</param>
    /// <exception cref="ArgumentException">Invalid options (label names, metric names, concurrency, chunk, scrape interval, variant pattern).</exception>
    public RunDiscovery(ITimeSeriesSource source, RunDiscoveryOptions? options = null, TimeProvider? clock = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _options = options ?? RunDiscoveryOptions.SparkNative;
        _clock = clock ?? TimeProvider.System;
        foreach (var label in new[] { _options.AppIdLabel, _options.AppNameLabel, _options.ExecutorLabel, _options.DriverLabel })
        {
            if (!PromQl.IsValidLabelName(label))
            {
                throw new ArgumentException($"Run discovery label '{label}' is not a valid Prometheus label name.", nameof(options));
            }
        }

        if (string.IsNullOrWhiteSpace(_options.Metric))
        {
            throw new ArgumentException("Run discovery needs a metric name.", nameof(options));
        }

        foreach (var name in _options.MetricAliases.Concat(_options.DriverContainer is null ? [] : _options.ContainerMetrics))
        {
            if (!PromQl.IsValidMetricName(name))
            {
                throw new ArgumentException($"Run discovery metric '{name}' is not a valid Prometheus metric name.", nameof(options));
            }
        }

        if (_options.DriverContainer is not null && _options.ContainerMetrics.Count == 0)
        {
            throw new ArgumentException("Run discovery with a driver container needs at least one container metric.", nameof(options));
        }

        if (_options.ScrapeInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Run discovery scrape interval must be positive (got {_options.ScrapeInterval}).", nameof(options));
        }

        if (_options.MaxConcurrency < 1)
        {
            throw new ArgumentException($"Run discovery concurrency must be at least 1 (got {_options.MaxConcurrency}).", nameof(options));
        }

        if (_options.IdsPerQuery < 1)
        {
            throw new ArgumentException($"Run discovery ids per query must be at least 1 (got {_options.IdsPerQuery}).", nameof(options));
        }

        if (_options.MaxSearchRange <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Run discovery's longest search range must be positive (got {_options.MaxSearchRange}).", nameof(options));
        }

        if (_options.RawChunk < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Run discovery raw chunk must be at least 1 minute (got {_options.RawChunk}).", nameof(options));
        }

        _variantRule = new VariantRule(_options.VariantPattern);
    }

    /// <summary>
    /// All applications with samples in [<paramref name="from"/>, <paramref name="to"/>], sorted by start (then id). A
    /// <paramref name="to"/> in the future is clipped to now (<see cref="SearchRange.Check"/>). The cost in queries grows
    /// with the number of <see cref="RunDiscoveryOptions.RawChunk"/> chunks in the range, not with the number of runs: one
    /// series lookup, then raw reads per chunk that cover every application at once.
    /// </summary>
    /// <exception cref="ArgumentException">The range ends before it starts, starts in the future or is longer than <see cref="RunDiscoveryOptions.MaxSearchRange"/>.</exception>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<IReadOnlyList<SparkRun>> DiscoverAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        (from, to) = CheckRange(from, to);
        var selector = DiscoverySelector().NotEq(_options.AppIdLabel, "").ToString();
        var apps = await ListAppsAsync(selector, from, to, cancellationToken).ConfigureAwait(false);
        var runs = await ResolveAllAsync(apps, from, to, cancellationToken).ConfigureAwait(false);
        return runs.Values
            .OrderBy(r => r.Start)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The application <paramref name="applicationId"/> if it has samples in [<paramref name="from"/>, <paramref name="to"/>], else null.</summary>
    /// <exception cref="ArgumentException">The range is not valid (see <see cref="DiscoverAsync"/>), or the id is empty.</exception>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<SparkRun?> FindAsync(string applicationId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var found = await FindManyAsync([applicationId], from, to, cancellationToken).ConfigureAwait(false);
        return found.GetValueOrDefault(applicationId);
    }

    /// <summary>
    /// The applications among <paramref name="applicationIds"/> that have samples in [<paramref name="from"/>,
    /// <paramref name="to"/>], by id; an id without samples is absent. All ids are resolved together: one series lookup per
    /// <see cref="RunDiscoveryOptions.IdsPerQuery"/> ids (<c>application_id=~"a|b|…"</c>), then raw reads per chunk that
    /// cover all of them, so N runs cost about as many queries as one.
    /// </summary>
    /// <exception cref="ArgumentException">The range is not valid (see <see cref="DiscoverAsync"/>), or an id is empty.</exception>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<IReadOnlyDictionary<string, SparkRun>> FindManyAsync(IReadOnlyCollection<string> applicationIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationIds);
        if (applicationIds.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("An application id is required.", nameof(applicationIds));
        }

        (from, to) = CheckRange(from, to);
        var wanted = applicationIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var apps = new Dictionary<string, AppLabels>(StringComparer.Ordinal);
        foreach (var batch in wanted.Chunk(_options.IdsPerQuery))
        {
            var selector = DiscoverySelector().In(_options.AppIdLabel, batch).ToString();
            foreach (var (id, app) in await ListAppsAsync(selector, from, to, cancellationToken).ConfigureAwait(false))
            {
                apps[id] = app;
            }
        }

        return await ResolveAllAsync(apps, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The label sets of <paramref name="run"/>'s driver discovery series in its window: their scrape target
    /// (<c>instance</c>, <c>pod</c>) is what ties the driver's PrometheusServlet series — which carry no application id —
    /// to this run when another application of the same name ran at the same time.
    /// </summary>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> DriverTargetsAsync(SparkRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var driver = DiscoverySelector().Eq(_options.AppIdLabel, run.Id).Eq(_options.DriverLabel, _options.DriverValue).ToString();
        var result = await _source.SeriesAsync([driver], run.Start, run.End, cancellationToken).ConfigureAwait(false);
        return result.Data;
    }

    /// <summary>
    /// The search window as it is searched (<see cref="SearchRange.Check"/>): <paramref name="to"/> clipped to now, and
    /// refused when it ends before it starts, starts in the future, or is longer than
    /// <see cref="RunDiscoveryOptions.MaxSearchRange"/> — before any query is sent.
    /// </summary>
    private (DateTimeOffset From, DateTimeOffset To) CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The end of the search window ({to:O}) is before its start ({from:O}).", nameof(to));
        }

        return SearchRange.Check(from, to, _clock.GetUtcNow(), _options.MaxSearchRange);
    }

    private async Task<Dictionary<string, AppLabels>> ListAppsAsync(string selector, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var result = await _source.SeriesAsync([selector], from, to, cancellationToken).ConfigureAwait(false);
        var apps = new Dictionary<string, AppLabels>(StringComparer.Ordinal);
        foreach (var labels in result.Data)
        {
            if (!labels.TryGetValue(_options.AppIdLabel, out var id) || string.IsNullOrEmpty(id))
            {
                continue;
            }

            if (!apps.TryGetValue(id, out var app))
            {
                app = new AppLabels(id);
                apps.Add(id, app);
            }

            if (app.Name.Length == 0 && labels.TryGetValue(_options.AppNameLabel, out var name) && !string.IsNullOrEmpty(name))
            {
                app.Name = name;
            }

            var isDriver = labels.TryGetValue(_options.DriverLabel, out var role) && role == _options.DriverValue;
            if (!isDriver && labels.TryGetValue(_options.ExecutorLabel, out var exec) && !string.IsNullOrEmpty(exec))
            {
                app.Executors.Add(exec);
            }

            if (isDriver && _options.DriverContainer is not null && PodDirectory.Identity(labels) is { } pod)
            {
                app.DriverPods.Add(pod);
            }
        }

        return apps;
    }

    /// <summary>
    /// The discovery metric, by name, or — with aliases — as a <c>__name__=~"name|alias|…"</c> matcher of literal
    /// alternatives (answered from the index by Prometheus and VictoriaMetrics alike).
    /// </summary>
    private Selector DiscoverySelector() => _options.MetricAliases.Count == 0
        ? new Selector(_options.Metric)
        : new Selector().In("__name__", _options.MetricAliases.Prepend(_options.Metric).Distinct(StringComparer.Ordinal));

    /// <summary>
    /// The window of every application in <paramref name="apps"/>, resolved together: the first and last raw sample of
    /// the driver container's series (Kubernetes, for applications whose driver pod is known), else of the driver's
    /// discovery series, else of any of its discovery series. Applications without a sample in the window are left out.
    /// </summary>
    private async Task<Dictionary<string, SparkRun>> ResolveAllAsync(Dictionary<string, AppLabels> apps, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bounds = await DriverContainerBoundsAsync(apps.Values, from, to, cancellationToken).ConfigureAwait(false);

        var withoutContainer = apps.Keys.Where(id => !bounds.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var driver = await RawBoundsManyAsync(
            withoutContainer,
            ids => DiscoverySelector().In(_options.AppIdLabel, ids).Eq(_options.DriverLabel, _options.DriverValue),
            AppIdOf, from, to, cancellationToken).ConfigureAwait(false);
        foreach (var (id, b) in driver)
        {
            bounds[id] = b;
        }

        var withoutDriver = withoutContainer.Where(id => !bounds.ContainsKey(id)).ToList();
        var any = await RawBoundsManyAsync(
            withoutDriver,
            ids => DiscoverySelector().In(_options.AppIdLabel, ids),
            AppIdOf, from, to, cancellationToken).ConfigureAwait(false);
        foreach (var (id, b) in any)
        {
            bounds[id] = b;
        }

        var now = _clock.GetUtcNow();
        var runs = new Dictionary<string, SparkRun>(StringComparer.Ordinal);
        foreach (var (id, b) in bounds)
        {
            var app = apps[id];
            // Two scrape intervals: the next scrape is due within one; the second is slack for a late or failed scrape.
            var state = now - b.Last <= 2 * _options.ScrapeInterval ? RunState.Running : RunState.Completed;
            runs[id] = new SparkRun(app.Id, app.Name, b.First, b.Last, app.Executors.Count, _variantRule.Parse(app.Name)) { State = state };
        }

        return runs;
    }

    private string? AppIdOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(_options.AppIdLabel, out var id) && id.Length > 0 ? id : null;

    /// <summary>
    /// First and last raw sample of each application's driver container cAdvisor series (any of
    /// <see cref="RunDiscoveryOptions.ContainerMetrics"/>, container <see cref="RunDiscoveryOptions.DriverContainer"/>, the
    /// driver pod's namespace and pod), over every driver pod the discovery series named. All pods are read together
    /// (<c>namespace=~"…", pod=~"…"</c>; a series of another namespace/pod pair that the two matchers also let through is
    /// ignored). Empty when there is no driver container to look for.
    /// </summary>
    private async Task<Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>> DriverContainerBoundsAsync(
        IEnumerable<AppLabels> apps, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>(StringComparer.Ordinal);
        if (_options.DriverContainer is not { } container)
        {
            return result;
        }

        var withPods = apps.Where(a => a.DriverPods.Count > 0).ToList();
        // Kubernetes namespaces are DNS labels: a '/' never occurs in one, so "namespace/pod" is a unique key.
        static string Key(string ns, string pod) => ns + "/" + pod;
        var pods = withPods.SelectMany(a => a.DriverPods).Distinct()
            .ToDictionary(p => Key(p.Namespace, p.Pod), p => p, StringComparer.Ordinal);
        var podBounds = await RawBoundsManyAsync(
            pods.Keys.Order(StringComparer.Ordinal).ToList(),
            keys => new Selector()
                .In("__name__", _options.ContainerMetrics)
                .Eq("container", container)
                .In("namespace", keys.Select(k => pods[k].Namespace).Distinct(StringComparer.Ordinal))
                .In("pod", keys.Select(k => pods[k].Pod).Distinct(StringComparer.Ordinal)),
            labels => labels.TryGetValue("namespace", out var ns) && labels.TryGetValue("pod", out var pod) ? Key(ns, pod) : null,
            from, to, cancellationToken).ConfigureAwait(false);

        foreach (var app in withPods)
        {
            foreach (var (ns, pod) in app.DriverPods)
            {
                if (podBounds.TryGetValue(Key(ns, pod), out var b))
                {
                    result[app.Id] = result.TryGetValue(app.Id, out var a) ? (Min(a.First, b.First), Max(a.Last, b.Last)) : b;
                }
            }
        }

        return result;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>
    /// First and last raw sample inside [from, to] of each key's series, for many keys at once: the keys are split into
    /// batches of <see cref="RunDiscoveryOptions.IdsPerQuery"/> (at most <see cref="RunDiscoveryOptions.MaxConcurrency"/>
    /// batches at once), and each batch costs at most two raw reads per chunk whatever its size
    /// (<see cref="RawBoundsBatchAsync"/>). Keys without a sample are absent.
    /// </summary>
    private async Task<Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>> RawBoundsManyAsync(
        IReadOnlyList<string> keys,
        Func<IReadOnlyList<string>, Selector> selectorFor,
        Func<IReadOnlyDictionary<string, string>, string?> keyOf,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return all;
        }

        using var gate = new SemaphoreSlim(_options.MaxConcurrency);
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = keys.Chunk(_options.IdsPerQuery).Select(async batch =>
        {
            await gate.WaitAsync(failFast.Token).ConfigureAwait(false);
            try
            {
                return await RawBoundsBatchAsync(batch, selectorFor, keyOf, from, to, failFast.Token).ConfigureAwait(false);
            }
            catch
            {
                // Stop the other batches early; the first real error is rethrown below.
                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            var first = tasks.Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException)
                .FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }

            throw;
        }

        foreach (var task in tasks)
        {
            foreach (var (key, b) in task.Result)
            {
                all[key] = b;
            }
        }

        return all;
    }

    /// <summary>
    /// First and last raw sample inside [from, to] of each of <paramref name="keys"/>. The window is cut into chunks of
    /// at most <see cref="RunDiscoveryOptions.RawChunk"/>. Firsts are searched from the oldest chunk forward, each read
    /// covering every key whose first sample is not found yet; lasts from the newest chunk backward, each read covering
    /// every key whose last sample is not found yet and lies after the chunk of its first. A key leaves the search at the
    /// first chunk that holds its samples, so the bounds are exactly those of a one-key search, at most two reads per chunk.
    /// </summary>
    private async Task<Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>> RawBoundsBatchAsync(
        IReadOnlyList<string> keys,
        Func<IReadOnlyList<string>, Selector> selectorFor,
        Func<IReadOnlyDictionary<string, string>, string?> keyOf,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var chunks = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        for (var s = from; ; s += _options.RawChunk)
        {
            var e = s + _options.RawChunk >= to ? to : s + _options.RawChunk;
            chunks.Add((s, e));
            if (e >= to)
            {
                break;
            }
        }

        var lo = from.ToUnixTimeMilliseconds() / 1000.0;
        var hi = to.ToUnixTimeMilliseconds() / 1000.0;
        async Task<Dictionary<string, (double Min, double Max)>> ReadAsync(int i, IReadOnlyList<string> subset)
        {
            var (start, end) = chunks[i];
            var range = end - start < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : end - start;
            var result = await _source.QueryRawAsync(selectorFor(subset).WithRange(range), end, cancellationToken).ConfigureAwait(false);
            var wanted = subset.ToHashSet(StringComparer.Ordinal);
            var found = new Dictionary<string, (double Min, double Max)>(StringComparer.Ordinal);
            foreach (var series in result.Data)
            {
                if (keyOf(series.Labels) is not { } key || !wanted.Contains(key))
                {
                    continue;
                }

                var (min, max) = found.TryGetValue(key, out var seen) ? seen : (double.MaxValue, double.MinValue);
                foreach (var t in series.Timestamps)
                {
                    if (t >= lo && t <= hi)
                    {
                        min = Math.Min(min, t);
                        max = Math.Max(max, t);
                    }
                }

                if (min <= max)
                {
                    found[key] = (min, max);
                }
            }

            return found;
        }

        var maybe = await ChunksWithSamplesAsync(selectorFor(keys), chunks, from, to, cancellationToken).ConfigureAwait(false);
        var first = new Dictionary<string, (int Chunk, double First, double LastInChunk)>(StringComparer.Ordinal);
        var pending = keys.ToList();
        for (var i = 0; i < chunks.Count && pending.Count > 0; i++)
        {
            if (!maybe[i]) continue;
            foreach (var (key, r) in await ReadAsync(i, pending).ConfigureAwait(false))
            {
                first[key] = (i, r.Min, r.Max);
            }

            pending.RemoveAll(first.ContainsKey);
        }

        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var open = first.Keys.ToList();
        for (var i = chunks.Count - 1; i >= 0 && open.Count > 0; i--)
        {
            // The chunk of a key's first sample was read whole for it: its last sample there is known.
            foreach (var key in open.Where(k => first[k].Chunk == i))
            {
                last[key] = first[key].LastInChunk;
            }

            var unread = open.Where(k => first[k].Chunk < i).ToList();
            if (unread.Count > 0 && maybe[i])
            {
                foreach (var (key, r) in await ReadAsync(i, unread).ConfigureAwait(false))
                {
                    last[key] = r.Max;
                }
            }

            open.RemoveAll(last.ContainsKey);
        }

        return first.ToDictionary(
            f => f.Key,
            f => (FromUnixSeconds(f.Value.First), FromUnixSeconds(last[f.Key])),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Which chunks may hold samples of <paramref name="selector"/>: one range query of
    /// <c>count(count_over_time(selector[chunk]))</c> with the chunk as step, evaluated at every chunk's end, so a range of
    /// mostly empty days costs one query instead of one read per day. A chunk is skipped only when the server evaluated
    /// exactly at its end and counted nothing in (end − chunk, end]; a sample exactly on a chunk's start is counted at the
    /// end of the chunk before, which is read whole and holds that sample too. Any other answer (points off the expected grid, an
    /// error, fewer than three chunks) keeps every chunk: the raw reads decide, as without the screen.
    /// </summary>
    private async Task<bool[]> ChunksWithSamplesAsync(
        Selector selector, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> chunks, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var all = Enumerable.Repeat(true, chunks.Count).ToArray();
        if (chunks.Count < 3)
        {
            return all;
        }

        var step = _options.RawChunk;
        QueryResult<IReadOnlyList<TimeSeries>> answer;
        try
        {
            answer = await _source.QueryRangeAsync($"count(count_over_time({selector}[{PromQl.FormatDuration(step)}]))", from + step, to, step, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceException)
        {
            return all;
        }

        var grid = new Dictionary<long, int>();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].End - chunks[i].Start == step) grid[chunks[i].End.ToUnixTimeMilliseconds()] = i;
        }

        var counted = new HashSet<int>();
        foreach (var series in answer.Data)
        {
            for (var k = 0; k < series.Count; k++)
            {
                if (!grid.TryGetValue((long)Math.Round(series.Timestamps[k] * 1000), out var i))
                {
                    return all;
                }

                if (series.Values[k] > 0)
                {
                    counted.Add(i);
                }
            }
        }

        // Chunks off the grid (a shorter last one) were not screened: keep them.
        return chunks.Select((c, i) => counted.Contains(i) || !grid.ContainsValue(i)).ToArray();
    }

    private static DateTimeOffset FromUnixSeconds(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    private sealed class AppLabels(string id)
    {
        public string Id { get; } = id;

        public string Name { get; set; } = "";

        public HashSet<string> Executors { get; } = new(StringComparer.Ordinal);

        /// <summary>(namespace, pod) of the driver's pod(s), from the discovery series (Kubernetes).</summary>
        public HashSet<(string Namespace, string Pod)> DriverPods { get; } = [];
    }
}
