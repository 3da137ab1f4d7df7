using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// The Prometheus response envelope <c>{status, data, errorType, error, warnings}</c>, with <c>data</c> already
/// turned into <typeparamref name="T"/>. <see cref="Data"/> is default when the server sent none (error envelopes).
/// </summary>
public sealed record PrometheusEnvelope<T>(string Status, T? Data, string? ErrorType, string? Error, IReadOnlyList<string> Warnings)
{
    /// <summary>True for <c>"status":"success"</c>.</summary>
    public bool IsSuccess => Status == "success";
}

/// <summary>The <c>data</c> of a query answer: one of the four result types Prometheus knows.</summary>
public abstract record PrometheusQueryData
{
    private protected PrometheusQueryData() { }

    /// <summary>The wire name: matrix, vector, scalar or string.</summary>
    public abstract string ResultType { get; }
}

/// <summary><c>"resultType":"matrix"</c>: series with <c>values</c> (range queries, range-vector selectors).</summary>
public sealed record PrometheusMatrix(IReadOnlyList<TimeSeries> Series) : PrometheusQueryData
{
    /// <inheritdoc/>
    public override string ResultType => "matrix";
}

/// <summary><c>"resultType":"vector"</c>: one sample per series (<c>value</c>).</summary>
public sealed record PrometheusVector(IReadOnlyList<InstantSample> Samples) : PrometheusQueryData
{
    /// <inheritdoc/>
    public override string ResultType => "vector";
}

/// <summary><c>"resultType":"scalar"</c>: <c>[time, "value"]</c>.</summary>
public sealed record PrometheusScalar(double Timestamp, double Value) : PrometheusQueryData
{
    /// <inheritdoc/>
    public override string ResultType => "scalar";
}

/// <summary><c>"resultType":"string"</c>: <c>[time, "text"]</c>.</summary>
public sealed record PrometheusString(double Timestamp, string Value) : PrometheusQueryData
{
    /// <inheritdoc/>
    public override string ResultType => "string";
}

/// <summary><c>/api/v1/status/buildinfo</c> data; <see cref="Version"/> is null when the server names none (VictoriaMetrics 1.79).</summary>
public sealed record PrometheusBuildInfo(string? Version, string? Revision, string? Branch, string? BuildUser, string? BuildDate, string? GoVersion);
