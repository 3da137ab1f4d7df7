using Refit;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// The Prometheus HTTP API (<c>/api/v1</c>) as a Refit interface. Query endpoints are sent as form POSTs
/// (<c>application/x-www-form-urlencoded</c>) so long PromQL never hits URL length limits; the form is built by
/// <see cref="PrometheusForm"/> because <c>match[]</c> repeats. Every method returns the raw response: the envelope
/// is parsed by <see cref="PrometheusResponseParser"/>, so Refit never throws <see cref="ApiException"/>.
/// The <see cref="PrometheusHttp.IdempotentReadKey"/> property marks the POSTs as idempotent reads, which lets the
/// resilience handler retry them.
/// </summary>
public interface IPrometheusApi
{
    /// <summary>POST /api/v1/query (form: query, time, timeout?).</summary>
    [Post("/api/v1/query")]
    Task<HttpResponseMessage> QueryAsync([Body] FormUrlEncodedContent form, [Property(PrometheusHttp.IdempotentReadKey)] bool idempotentRead = true, CancellationToken cancellationToken = default);

    /// <summary>POST /api/v1/query_range (form: query, start, end, step).</summary>
    [Post("/api/v1/query_range")]
    Task<HttpResponseMessage> QueryRangeAsync([Body] FormUrlEncodedContent form, [Property(PrometheusHttp.IdempotentReadKey)] bool idempotentRead = true, CancellationToken cancellationToken = default);

    /// <summary>POST /api/v1/series (form: match[] repeated, start, end).</summary>
    [Post("/api/v1/series")]
    Task<HttpResponseMessage> SeriesAsync([Body] FormUrlEncodedContent form, [Property(PrometheusHttp.IdempotentReadKey)] bool idempotentRead = true, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v1/label/{name}/values (match[] repeated, start, end). Prometheus has no POST form of this endpoint.</summary>
    [Get("/api/v1/label/{name}/values")]
    Task<HttpResponseMessage> LabelValuesAsync(
        string name,
        [Query(CollectionFormat.Multi)][AliasAs("match[]")] IEnumerable<string>? match,
        string? start,
        string? end,
        CancellationToken cancellationToken = default);

    /// <summary>GET /api/v1/status/buildinfo.</summary>
    [Get("/api/v1/status/buildinfo")]
    Task<HttpResponseMessage> BuildInfoAsync(CancellationToken cancellationToken = default);
}
