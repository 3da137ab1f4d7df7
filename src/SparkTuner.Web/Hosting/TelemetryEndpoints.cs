using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using SparkTuner.Clients.Telemetry;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// The dashboard's own telemetry on <c>GET /metrics</c> (Prometheus text format, prometheus-net):
/// <list type="bullet">
/// <item><c>http_request_duration_seconds</c> / <c>http_requests_received_total</c> / <c>http_requests_in_progress</c>:
/// every HTTP request by <c>code</c>, <c>method</c> and <c>endpoint</c> (the route pattern, never the raw path);</item>
/// <item><c>sparktuner_upstream_call_duration_seconds</c> (histogram; <c>upstream</c>, <c>operation</c>, <c>outcome</c>)
/// and <c>sparktuner_upstream_call_errors_total</c> (<c>upstream</c>, <c>operation</c>, <c>kind</c>): calls to
/// Prometheus and the Spark REST API (<see cref="UpstreamMetrics"/>);</item>
/// <item><c>sparktuner_circuits_open</c>: Blazor circuits (interactive browser sessions) open now, including those
/// whose browser went away and that are kept for a while in case it reconnects (they hold their memory);
/// <c>sparktuner_circuits_connected</c>: those with a browser connected now;</item>
/// <item><c>sparktuner_cache_lookups_total</c> (<c>result</c>: hit, miss, coalesced): the run-data cache
/// (<see cref="RunDataCacheMetrics"/>);</item>
/// <item>prometheus-net's process and .NET runtime series (<c>process_*</c>, <c>dotnet_*</c>).</item>
/// </list>
/// Clients and Core measure with BCL meters (<see cref="System.Diagnostics.Metrics"/>), so neither they nor the CLI
/// carry an exporter; <see cref="MeterBridge"/> forwards those instruments to prometheus-net's own counter, histogram and
/// gauge types under the names above. (prometheus-net's generic meter adapter is switched off: it renders every .NET
/// counter as a gauge named after the meter.) Whoever reaches the port can read <c>/metrics</c>: it holds counts and
/// durations by route and operation, never a run id, a query or a credential; on OpenShift the NetworkPolicy lets only
/// the monitoring stack reach the app's own port, users come through the oauth-proxy.
/// </summary>
public static class TelemetryEndpoints
{
    /// <summary>Path of the Prometheus exposition.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Name of the web app's meter (open circuits).</summary>
    public const string MeterName = "SparkTuner.Web";

    private static readonly Meter WebMeter = new(MeterName);

    /// <summary>Circuits open now, process-wide; +1 when one opens, −1 when it closes.</summary>
    internal static readonly UpDownCounter<long> OpenCircuits = WebMeter.CreateUpDownCounter<long>(
        "sparktuner.circuits.open", description: "Blazor Server circuits (interactive browser sessions) open now.");

    /// <summary>Circuits with a browser connected now; +1 when a connection comes up, −1 when it goes down.</summary>
    internal static readonly UpDownCounter<long> ConnectedCircuits = WebMeter.CreateUpDownCounter<long>(
        "sparktuner.circuits.connected", description: "Blazor Server circuits with a browser connected now.");

    private static readonly Lazy<MeterBridge> Bridge = new(() =>
    {
        // Before the default registry is first used; later calls are no-ops, which is what a second host in one
        // process (tests) needs.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        return new MeterBridge();
    });

    /// <summary>Starts the meter bridge (once per process) and counts open circuits.</summary>
    public static IServiceCollection AddSparkTunerTelemetry(this IServiceCollection services)
    {
        _ = Bridge.Value;
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, OpenCircuitsHandler>());
        return services;
    }

    /// <summary>Request metrics for what follows in the pipeline (after routing, so the route pattern is known).</summary>
    public static IApplicationBuilder UseSparkTunerRequestMetrics(this IApplicationBuilder app) => app.UseHttpMetrics();

    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapSparkTunerMetrics(this IEndpointRouteBuilder app)
    {
        app.MapMetrics(MetricsPath);
        return app;
    }

    /// <summary>
    /// Counts a circuit from its opening to its close (a reconnect does not count twice), and its connection from up to
    /// down. A closed tab usually closes its circuit at once (Blazor's unload beacon); otherwise the circuit is kept
    /// (3 minutes by default) for a reconnect, open but not connected.
    /// </summary>
    private sealed class OpenCircuitsHandler : CircuitHandler
    {
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            ConnectedCircuits.Add(1);
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            ConnectedCircuits.Add(-1);
            return Task.CompletedTask;
        }

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            OpenCircuits.Add(1);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            OpenCircuits.Add(-1);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Forwards SparkTuner's BCL instruments to prometheus-net metrics of the right type, by a fixed table: a .NET counter
    /// becomes a Prometheus counter (<c>_total</c>), a histogram a histogram with the buckets given here, an up-down
    /// counter a gauge. Tags become labels in a fixed order. Process-wide, like the instruments.
    /// </summary>
    private sealed class MeterBridge
    {
        // Small Prometheus reads take milliseconds; a user action's deadline is 30 s by default (Prometheus:RequestDeadlineSeconds).
        private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, Action<double, ReadOnlySpan<KeyValuePair<string, object?>>>> _sinks;

        public MeterBridge()
        {
            var duration = Metrics.CreateHistogram("sparktuner_upstream_call_duration_seconds",
                "Duration of one call to an upstream (Prometheus, Spark REST) as the caller sees it: retries and the wait for the cap included.",
                ["upstream", "operation", "outcome"], new HistogramConfiguration { Buckets = DurationBuckets });
            var errors = Metrics.CreateCounter("sparktuner_upstream_call_errors_total",
                "Failed calls to an upstream, by kind (unreachable, timeout, bad_data, execution, bad_response, http_error, not_found, ...).",
                "upstream", "operation", "kind");
            var lookups = Metrics.CreateCounter("sparktuner_cache_lookups_total",
                "Lookups of the cache of completed runs' data: hit, miss (started upstream work), coalesced (joined work in flight).",
                "result");
            var circuits = Metrics.CreateGauge("sparktuner_circuits_open",
                "Blazor Server circuits (interactive browser sessions) open now, including those kept for a reconnect.");
            var connected = Metrics.CreateGauge("sparktuner_circuits_connected", "Blazor Server circuits with a browser connected now.");
            _sinks = new(StringComparer.Ordinal)
            {
                ["sparktuner.upstream.call.duration"] = (v, t) => duration.WithLabels(Tag(t, "upstream"), Tag(t, "operation"), Tag(t, "outcome")).Observe(v),
                ["sparktuner.upstream.call.errors"] = (v, t) => errors.WithLabels(Tag(t, "upstream"), Tag(t, "operation"), Tag(t, "kind")).Inc(v),
                ["sparktuner.cache.lookups"] = (v, t) => lookups.WithLabels(Tag(t, "result")).Inc(v),
                ["sparktuner.circuits.open"] = (v, _) => circuits.Inc(v),
                ["sparktuner.circuits.connected"] = (v, _) => connected.Inc(v),
            };
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is UpstreamMetrics.MeterName or RunDataCacheMetrics.MeterName or MeterName
                    && _sinks.ContainsKey(instrument.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => _sinks[i.Name](v, t));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => _sinks[i.Name](v, t));
            _listener.Start();
        }

        private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name) return tag.Value?.ToString() ?? "";
            }
            return "";
        }
    }
}
