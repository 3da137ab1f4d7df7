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

        if (_options.RawChunk < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Run discovery raw chunk must be at least 1 minute (got {_options.RawChunk}).", nameof(options));
        }

        _variantRule = new VariantRule(_options.VariantPattern);
    }

    /// <summary>All applications with samples in [<paramref name="from"/>, <paramref name="to"/>], sorted by start (then id).</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<IReadOnlyList<SparkRun>> DiscoverAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var selector = DiscoverySelector().NotEq(_options.AppIdLabel, "").ToString();
        var apps = await ListAppsAsync(selector, from, to, cancellationToken).ConfigureAwait(false);
        var runs = await ResolveAllAsync(apps, from, to, cancellationToken).ConfigureAwait(false);
        return runs.OfType<SparkRun>()
            .OrderBy(r => r.Start)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The application <paramref name="applicationId"/> if it has samples in [<paramref name="from"/>, <paramref name="to"/>], else null.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>, or the id is empty.</exception>
    /// <exception cref="DataSourceException">The source failed.</exception>
    public async Task<SparkRun?> FindAsync(string applicationId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(applicationId))
        {
            throw new ArgumentException("An application id is required.", nameof(applicationId));
        }

        CheckRange(from, to);
        var selector = DiscoverySelector().Eq(_options.AppIdLabel, applicationId).ToString();
        var apps = await ListAppsAsync(selector, from, to, cancellationToken).ConfigureAwait(false);
        return apps.TryGetValue(applicationId, out var app)
            ? await ResolveAsync(app, from, to, cancellationToken).ConfigureAwait(false)
            : null;
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
    /// The longest range runs are searched in. A run's bounds are read one day at a time, so an unbounded range (a link
    /// with <c>from=0</c>) would keep the data source busy for many minutes; longer than Prometheus' retention anyway.
    /// </summary>
    public static readonly TimeSpan MaxSearchRange = TimeSpan.FromDays(400);

    private static void CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The end of the search window ({to:O}) is before its start ({from:O}).", nameof(to));
        }

        if (to - from > MaxSearchRange)
        {
            throw new ArgumentException($"The search window from {from:u} to {to:u} is longer than {MaxSearchRange.TotalDays:0} days; pick a shorter range.");
        }
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

    private async Task<SparkRun?[]> ResolveAllAsync(Dictionary<string, AppLabels> apps, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(_options.MaxConcurrency);
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = apps.Values.Select(async app =>
        {
            await gate.WaitAsync(failFast.Token).ConfigureAwait(false);
            try
            {
                return await ResolveAsync(app, from, to, failFast.Token).ConfigureAwait(false);
            }
            catch
            {
                // Stop the other applications early; the first real error is rethrown below.
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
            return await Task.WhenAll(tasks).ConfigureAwait(false);
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
    }

    /// <summary>
    /// The discovery metric, by name, or — with aliases — as a <c>__name__=~"name|alias|…"</c> matcher of literal
    /// alternatives (answered from the index by Prometheus and VictoriaMetrics alike).
    /// </summary>
    private Selector DiscoverySelector() => _options.MetricAliases.Count == 0
        ? new Selector(_options.Metric)
        : new Selector().In("__name__", _options.MetricAliases.Prepend(_options.Metric).Distinct(StringComparer.Ordinal));

    private async Task<SparkRun?> ResolveAsync(AppLabels app, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bounds = await DriverContainerBoundsAsync(app, from, to, cancellationToken).ConfigureAwait(false);
        if (bounds is null)
        {
            var driver = DiscoverySelector().Eq(_options.AppIdLabel, app.Id).Eq(_options.DriverLabel, _options.DriverValue);
            bounds = await RawBoundsAsync(driver, from, to, cancellationToken).ConfigureAwait(false)
                ?? await RawBoundsAsync(DiscoverySelector().Eq(_options.AppIdLabel, app.Id), from, to, cancellationToken).ConfigureAwait(false);
        }

        if (bounds is not { } b)
        {
            return null;
        }

        // Two scrape intervals: the next scrape is due within one; the second is slack for a late or failed scrape.
        var state = _clock.GetUtcNow() - b.Last <= 2 * _options.ScrapeInterval ? RunState.Running : RunState.Completed;
        return new SparkRun(app.Id, app.Name, b.First, b.Last, app.Executors.Count, _variantRule.Parse(app.Name)) { State = state };
    }

    /// <summary>
    /// First and last raw sample of the driver container's cAdvisor series (any of <see cref="RunDiscoveryOptions.ContainerMetrics"/>,
    /// container <see cref="RunDiscoveryOptions.DriverContainer"/>, the driver pod's namespace and pod), over every driver
    /// pod the discovery series named; null when there is no driver container to look for or it has no sample.
    /// </summary>
    private async Task<(DateTimeOffset First, DateTimeOffset Last)?> DriverContainerBoundsAsync(
        AppLabels app, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (_options.DriverContainer is not { } container || app.DriverPods.Count == 0)
        {
            return null;
        }

        (DateTimeOffset First, DateTimeOffset Last)? all = null;
        foreach (var (ns, pod) in app.DriverPods.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Pod, StringComparer.Ordinal))
        {
            var selector = new Selector()
                .In("__name__", _options.ContainerMetrics)
                .Eq("container", container)
                .Eq("namespace", ns)
                .Eq("pod", pod);
            if (await RawBoundsAsync(selector, from, to, cancellationToken).ConfigureAwait(false) is { } b)
            {
                all = all is { } a ? (Min(a.First, b.First), Max(a.Last, b.Last)) : b;
            }
        }

        return all;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>
    /// First and last raw sample of <paramref name="selector"/> inside [from, to]. The window is cut into chunks of at
    /// most <see cref="RunDiscoveryOptions.RawChunk"/>; the first is searched from the oldest chunk forward, the last
    /// from the newest chunk backward, each stopping at the first chunk that holds samples.
    /// </summary>
    private async Task<(DateTimeOffset First, DateTimeOffset Last)?> RawBoundsAsync(Selector selector, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
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

        var cache = new Dictionary<int, (double Min, double Max)?>();
        async Task<(double Min, double Max)?> ReadAsync(int i)
        {
            if (cache.TryGetValue(i, out var cached))
            {
                return cached;
            }

            var (start, end) = chunks[i];
            var range = end - start < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : end - start;
            var result = await _source.QueryRawAsync(selector.WithRange(range), end, cancellationToken).ConfigureAwait(false);
            var lo = from.ToUnixTimeMilliseconds() / 1000.0;
            var hi = to.ToUnixTimeMilliseconds() / 1000.0;
            double min = double.MaxValue, max = double.MinValue;
            foreach (var series in result.Data)
            {
                foreach (var t in series.Timestamps)
                {
                    if (t >= lo && t <= hi)
                    {
                        min = Math.Min(min, t);
                        max = Math.Max(max, t);
                    }
                }
            }

            (double, double)? found = min <= max ? (min, max) : null;
            cache[i] = found;
            return found;
        }

        double? first = null;
        var firstChunk = -1;
        for (var i = 0; i < chunks.Count && first is null; i++)
        {
            if (await ReadAsync(i).ConfigureAwait(false) is { } r)
            {
                first = r.Min;
                firstChunk = i;
            }
        }

        if (first is null)
        {
            return null;
        }

        double last = first.Value;
        for (var i = chunks.Count - 1; i >= firstChunk; i--)
        {
            if (await ReadAsync(i).ConfigureAwait(false) is { } r)
            {
                last = r.Max;
                break;
            }
        }

        return (FromUnixSeconds(first.Value), FromUnixSeconds(last));
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
