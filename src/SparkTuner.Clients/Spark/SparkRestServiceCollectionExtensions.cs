using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Refit;
using SparkTuner.Clients.Configuration;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Spark;

/// <summary>Registers the Spark REST client and <see cref="ISparkHistorySource"/>.</summary>
public static class SparkRestServiceCollectionExtensions
{
    /// <summary>Binds <see cref="SparkRestOptions"/> from the "SparkRest" section (shape-checked and validated at start-up) and registers the client.</summary>
    public static IHttpClientBuilder AddSparkRestClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SparkRestOptions, SparkRestOptionsValidator>(configuration.GetSection(SparkRestOptions.SectionName));
        return services.AddSparkRestClientCore();
    }

    /// <summary>
    /// Registers <see cref="ISparkRestApi"/> (Refit generated client from HttpClientFactory, standard resilience handler:
    /// per-attempt timeout min(10 s, total/3), total timeout <see cref="SparkRestOptions.TimeoutSeconds"/>, two retries
    /// (0.5 s back-off) only on transient failures and only for GET) and <see cref="ISparkHistorySource"/>.
    /// </summary>
    public static IHttpClientBuilder AddSparkRestClient(this IServiceCollection services, Action<SparkRestOptions>? configure = null)
    {
        var options = services.AddOptions<SparkRestOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SparkRestOptions>, SparkRestOptionsValidator>());
        return services.AddSparkRestClientCore();
    }

    private static IHttpClientBuilder AddSparkRestClientCore(this IServiceCollection services)
    {
        services.TryAddTransient<ISparkHistorySource, SparkRestHistorySource>();

        var builder = services
            .AddRefitGeneratedClient<ISparkRestApi>(_ => SparkJson.RefitSettings())
            .ConfigureHttpClient((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<SparkRestOptions>>().Value;
                if (o.NormalisedBaseUrl() is { } baseUrl) client.BaseAddress = new Uri(baseUrl + "/");
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler owns timeouts
                if (!string.IsNullOrEmpty(o.BearerToken))
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.BearerToken);
                foreach (var (name, value) in o.Headers) client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            });

        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
        {
            var o = sp.GetRequiredService<IOptions<SparkRestOptions>>().Value;
            var total = TimeSpan.FromSeconds(Math.Max(1, o.TimeoutSeconds));
            var attempt = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, total.Ticks / 3));
            r.TotalRequestTimeout.Timeout = total;
            r.AttemptTimeout.Timeout = attempt;
            r.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attempt.Ticks * 2));
            r.Retry.MaxRetryAttempts = 2; // a dashboard should say "unreachable" within seconds, not after a long back-off
            r.Retry.Delay = TimeSpan.FromMilliseconds(500);
            r.Retry.DisableForUnsafeHttpMethods();
        });
        return builder;
    }
}
