using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly.Telemetry;
using Refit;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.DependencyInjection;

/// <summary>Registers the HTTP adapters of SparkTuner.Clients.</summary>
public static class ClientsServiceCollectionExtensions
{
    /// <summary>
    /// All clients: the Prometheus time-series source (section "Prometheus"). The Spark REST client is added here
    /// too (<c>AddSparkRestClient</c>, Clients/Spark).
    /// </summary>
    public static IServiceCollection AddSparkTunerClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPrometheusTimeSeriesSource(configuration.GetSection(PrometheusOptions.SectionName));
        services.AddSparkRestClient(configuration);
        return services;
    }

    /// <summary>
    /// <see cref="PrometheusOptions"/> shape-checked, bound from <paramref name="section"/> and validated at start-up, the Refit
    /// generated <see cref="IPrometheusApi"/> behind Refit → resilience → auth/headers → sockets (TLS trust),
    /// and <see cref="ITimeSeriesSource"/> as a singleton <see cref="PrometheusTimeSeriesSource"/>.
    /// </summary>
    public static IHttpClientBuilder AddPrometheusTimeSeriesSource(this IServiceCollection services, IConfiguration section)
    {
        services.AddValidatedOptions<PrometheusOptions, PrometheusOptionsValidator>(section);

        var builder = services
            .AddRefitGeneratedClient<IPrometheusApi>()
            .ConfigureHttpClient((sp, client) => PrometheusHttp.ConfigureClient(client, Options(sp)))
            .ConfigurePrimaryHttpMessageHandler(sp => PrometheusHttp.CreatePrimaryHandler(Options(sp)));
        // One gate for the process: the fair cap, the deadline of a user action, and shutdown (UpstreamGate.Stop).
        services.TryAddSingleton(sp => new UpstreamGate(Options(sp)));
        builder.AddResilienceHandler(PrometheusHttp.ClientName, (pipeline, context) =>
            PrometheusHttp.ConfigurePipeline(pipeline, Options(context.ServiceProvider), context.ServiceProvider.GetRequiredService<UpstreamGate>()));
        // Polly reports each failed attempt and retry with its exception at Warning: for one failed call that is three
        // stack traces. They are the detail of a failure the source reports once (a warning line, its trace at Debug),
        // so they are Debug events here; every other resilience event keeps its severity.
        services.ConfigureAll<TelemetryOptions>(o => o.SeverityProvider = args => args.Event.EventName switch
        {
            "OnRetry" or "ExecutionAttempt" or "OnTimeout" or "OnRateLimiterRejected" => ResilienceEventSeverity.Debug,
            _ => args.Event.Severity,
        });
        builder.AddHttpMessageHandler(sp => new PrometheusAuthHandler(Options(sp)));
        // Innermost: the body is read inside the cap and the attempt timeout (see BufferedContentHandler).
        builder.AddHttpMessageHandler(() => new BufferedContentHandler());

        services.TryAddSingleton<PrometheusTimeSeriesSource>();
        services.TryAddSingleton<ITimeSeriesSource>(sp => sp.GetRequiredService<PrometheusTimeSeriesSource>());
        return builder;
    }

    private static PrometheusOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<PrometheusOptions>>().Value;
}
