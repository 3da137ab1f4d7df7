using System.Diagnostics;
using System.Diagnostics.Metrics;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Telemetry;

/// <summary>
/// Duration and failures of every call to an upstream (Prometheus, Spark REST), as .NET meters (BCL
/// <see cref="System.Diagnostics.Metrics"/>, so the clients stay free of any exporter; the web app publishes them on
/// <c>/metrics</c> through prometheus-net's meter adapter, the CLI publishes nothing). One measurement per call as the
/// caller sees it (retries, back-off and the wait for the process-wide cap included), not per HTTP attempt.
/// </summary>
/// <remarks>
/// Instruments (names as prometheus-net renders them):
/// <list type="bullet">
/// <item><c>sparktuner_upstream_call_duration_seconds</c> histogram (seconds), tags <c>upstream</c>
/// (<c>prometheus</c>, <c>spark_rest</c>), <c>operation</c> (a fixed name such as <c>raw-sample query</c> or
/// <c>stages</c>; never an id or a query) and <c>outcome</c> (<c>ok</c>, <c>error</c>, <c>cancelled</c>).</item>
/// <item><c>sparktuner_upstream_call_errors_total</c> counter, tags <c>upstream</c>, <c>operation</c> and <c>kind</c>:
/// the <see cref="DataSourceException.ErrorType"/> (<c>unreachable</c>, <c>timeout</c>, <c>bad_data</c>,
/// <c>execution</c>, <c>bad_response</c>, <c>http_error</c>, <c>not_found</c>, …).</item>
/// </list>
/// </remarks>
public static class UpstreamMetrics
{
    /// <summary>Name of the meter; subscribe to it to read the instruments.</summary>
    public const string MeterName = "SparkTuner.Upstream";

    /// <summary>Tag value of calls to the Prometheus HTTP API.</summary>
    public const string Prometheus = "prometheus";

    /// <summary>Tag value of calls to the Spark REST API.</summary>
    public const string SparkRest = "spark_rest";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "sparktuner.upstream.call.duration", unit: "s",
        description: "Duration of one call to an upstream as the caller sees it (retries and the wait for the cap included).",
        tags: null);

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "sparktuner.upstream.call.errors",
        description: "Failed calls to an upstream, by the kind of failure (the DataSourceException error type).");

    /// <summary>Starts timing one call; dispose the result, or call <see cref="Call.Failed"/> first for a failure.</summary>
    public static Call Start(string upstream, string operation) => new(upstream, operation, Stopwatch.GetTimestamp());

    /// <summary>
    /// The fixed operation name of a Spark REST path (no id): <c>applications</c> for the list, <c>application</c> for
    /// one application, otherwise the endpoint's last segment (<c>stages</c>, <c>sql</c>, <c>rdd</c>, …).
    /// </summary>
    public static string SparkRestOperation(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length switch
        {
            0 => "unknown",
            1 => segments[0],
            2 => "application",
            _ => segments[^1],
        };
    }

    /// <summary>One call being timed.</summary>
    public sealed class Call : IDisposable
    {
        private readonly string _upstream;
        private readonly string _operation;
        private readonly long _started;
        private string _outcome = "ok";
        private bool _done;

        internal Call(string upstream, string operation, long started)
        {
            _upstream = upstream;
            _operation = operation;
            _started = started;
        }

        /// <summary>Marks the call failed with <paramref name="errorType"/> (counted once, by kind).</summary>
        public void Failed(string errorType)
        {
            _outcome = "error";
            Errors.Add(1, new("upstream", _upstream), new("operation", _operation), new("kind", errorType));
        }

        /// <summary>Marks the call cancelled by its caller (the user left): timed, not an error of the upstream.</summary>
        public void Cancelled() => _outcome = "cancelled";

        /// <summary>Records the duration with the outcome.</summary>
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new("upstream", _upstream), new("operation", _operation), new("outcome", _outcome));
        }
    }
}
