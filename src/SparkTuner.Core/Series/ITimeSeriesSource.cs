namespace SparkTuner.Core.Series;

/// <summary>
/// Port to a Prometheus-compatible time-series database (Prometheus, Thanos Querier, Mimir, VictoriaMetrics).
/// Implemented in SparkTuner.Clients. Every method throws <see cref="DataSourceException"/> on any failure
/// (transport, timeout, error envelope, unparseable body) and honours cancellation.
/// </summary>
public interface ITimeSeriesSource
{
    /// <summary>The base URL the source talks to, for messages ("Prometheus at … is not reachable").</summary>
    string Describe { get; }

    /// <summary>/api/v1/query_range. Result type must be a matrix.</summary>
    Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default);

    /// <summary>/api/v1/query at <paramref name="time"/>. A vector comes back as instant samples; a range-vector
    /// selector (raw samples) comes back through <see cref="QueryRawAsync"/>.</summary>
    Task<QueryResult<IReadOnlyList<InstantSample>>> QueryInstantAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>/api/v1/query of a range-vector selector such as <c>x{…}[5m]</c>: the raw samples with their exact timestamps.</summary>
    Task<QueryResult<IReadOnlyList<TimeSeries>>> QueryRawAsync(string promQl, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>/api/v1/series: label sets of the series matching any of <paramref name="matchers"/> in [start, end].</summary>
    Task<QueryResult<IReadOnlyList<IReadOnlyDictionary<string, string>>>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);

    /// <summary>/api/v1/label/{name}/values, optionally restricted by series matchers.</summary>
    Task<QueryResult<IReadOnlyList<string>>> LabelValuesAsync(string label, IReadOnlyList<string>? matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);

    /// <summary>/api/v1/status/buildinfo: the server's version (e.g. "2.42.0"); empty when the server answers but names no
    /// version (VictoriaMetrics before late 2023: reachable, version unknown).</summary>
    Task<string> VersionAsync(CancellationToken cancellationToken = default);
}
