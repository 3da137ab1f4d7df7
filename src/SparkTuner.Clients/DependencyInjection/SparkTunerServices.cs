using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Diagnostics;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.DependencyInjection;

/// <summary>Everything the web app and the CLI share: clients, catalog, run discovery, the comparison service.</summary>
public static class SparkTunerServices
{
    public static IServiceCollection AddSparkTuner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSparkTunerClients(configuration);
        services.AddValidatedOptions<RunsOptions, RunsOptionsValidator>(configuration.GetSection(RunsOptions.SectionName));
        services.AddSingleton(_ => LoadCatalog(configuration));
        // Prometheus:Profiles are checked against the catalog in use, at start-up like every other key.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrometheusOptions>, PrometheusProfilesValidator>());
        // The scrape interval decides which runs are still running (last sample within two intervals of now);
        // "now" is the host's TimeProvider (the web app's, or the CLI's fixed instant), else the system clock.
        services.AddSingleton(sp => new RunDiscovery(
            sp.GetRequiredService<ITimeSeriesSource>(),
            DiscoveryOptionsFrom(sp.GetRequiredService<IOptions<RunsOptions>>().Value, sp.GetRequiredService<IOptions<PrometheusOptions>>().Value),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IRunTimesSource, SparkRunTimesSource>();
        // One cache of completed runs' data for the whole process (every page, API call and user), owned by the service.
        services.AddSingleton(sp => new ComparisonService(
            sp.GetRequiredService<ITimeSeriesSource>(),
            sp.GetRequiredService<MetricCatalog>(),
            ComparisonOptionsFrom(sp.GetRequiredService<IOptions<PrometheusOptions>>().Value),
            sp.GetRequiredService<RunDiscovery>(),
            sp.GetRequiredService<IRunTimesSource>(),
            CacheFor(sp.GetRequiredService<IOptions<PrometheusOptions>>().Value)));
        services.AddSingleton(sp => new DataSourceDoctor(
            sp.GetRequiredService<ITimeSeriesSource>(),
            sp.GetRequiredService<MetricCatalog>(),
            sp.GetRequiredService<RunDiscovery>(),
            DoctorOptionsFrom(sp.GetRequiredService<IOptions<PrometheusOptions>>().Value, sp.GetRequiredService<IOptions<RunsOptions>>().Value),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// The run-data cache as configured (null when <see cref="PrometheusOptions.CacheMegabytes"/> is 0). With
    /// <see cref="PrometheusOptions.ForwardUserToken"/> it is partitioned by the user token's SHA-256
    /// (<see cref="UpstreamScope.UserTokenId"/>): each user gets their own entries, none is served to another token.
    /// </summary>
    public static RunDataCache? CacheFor(PrometheusOptions options) => options.CacheMegabytes is var mb and > 0
        ? new RunDataCache(new RunDataCacheOptions
        {
            MaxBytes = mb * 1024L * 1024,
            // A request with no token is refused before Prometheus is asked; its own partition keeps it apart all the same.
            Partition = options.ForwardUserToken ? () => "user:" + (UpstreamScope.Current?.UserTokenId ?? "none") : null,
        })
        : null;

    /// <summary>Run discovery's options as configured (the same as the registered <see cref="RunDiscovery"/> gets), for the doctor's messages and raw reads.</summary>
    public static RunDiscoveryOptions DiscoveryOptionsFrom(RunsOptions runs, PrometheusOptions prometheus) =>
        runs.DiscoveryOptions(TimeSpan.FromSeconds(prometheus.ScrapeIntervalSeconds));

    /// <summary>What the data-source check compares with: the enabled profiles, scrape interval, discovery and lookback in use.</summary>
    public static DataSourceDoctorOptions DoctorOptionsFrom(PrometheusOptions prometheus, RunsOptions runs) => new()
    {
        EnabledProfiles = prometheus.EffectiveProfiles,
        ScrapeInterval = TimeSpan.FromSeconds(prometheus.ScrapeIntervalSeconds),
        Discovery = DiscoveryOptionsFrom(runs, prometheus),
        RunLookback = TimeSpan.FromDays(runs.LookbackDays),
        // The same replica labels the comparison collapses copies by (Prometheus:ReplicaLabels, else the defaults).
        ReplicaLabels = prometheus.EffectiveCopyLabels.Where(l => l is not ("job" or "instance")).ToList(),
    };

    public static ComparisonServiceOptions ComparisonOptionsFrom(PrometheusOptions prometheus) => new()
    {
        Profiles = prometheus.EffectiveProfiles,
        ScrapeInterval = TimeSpan.FromSeconds(prometheus.ScrapeIntervalSeconds),
        CopyLabels = prometheus.EffectiveCopyLabels,
        ReduceAboveSamples = prometheus.ReduceAboveSamples < 0 ? long.MaxValue : prometheus.ReduceAboveSamples,
    };

    /// <summary>
    /// The built-in catalog with the "Catalog" section of the configuration merged over it: a user adds or corrects a
    /// metric, a summary row or a profile's template in appsettings.json without recompiling. Invalid entries fail
    /// at start-up with a <see cref="CatalogException"/> naming them.
    /// </summary>
    public static MetricCatalog LoadCatalog(IConfiguration configuration)
    {
        var section = configuration.GetSection("Catalog");
        if (!section.Exists())
        {
            return MetricCatalog.Default;
        }
        var json = new JsonObject { ["Catalog"] = ToJson(section) }.ToJsonString();
        var overrides = MetricCatalog.ParseDocument(json);
        return MetricCatalog.FromDocument(MetricCatalog.Default.Document.MergeWith(overrides));
    }

    /// <summary>Turns a configuration section back into JSON: numeric child keys become arrays, "true"/"false" booleans.</summary>
    internal static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value switch
            {
                null => null,
                "true" or "True" => JsonValue.Create(true),
                "false" or "False" => JsonValue.Create(false),
                var v => JsonValue.Create(v),
            };
        }
        if (children.All(c => int.TryParse(c.Key, out _)))
        {
            var array = new JsonArray();
            foreach (var c in children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)))
            {
                array.Add(ToJson(c));
            }
            return array;
        }
        var obj = new JsonObject();
        foreach (var c in children)
        {
            obj[c.Key] = ToJson(c);
        }
        return obj;
    }
}
