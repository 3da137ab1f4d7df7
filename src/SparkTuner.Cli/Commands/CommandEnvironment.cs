using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// What the data commands (<c>runs</c>, <c>compare</c>) share: configuration (appsettings.json beside the binary,
/// then environment variables such as <c>Prometheus__BaseUrl</c>, then command-line options), the same service graph
/// as the web app (<see cref="SparkTunerServices.AddSparkTuner"/>), the search range, and the one-line error mapping.
/// </summary>
public static class CommandEnvironment
{
    /// <summary>Options every data command accepts.</summary>
    public static IReadOnlyList<string> CommonOptions { get; } = ["--prometheus", "--from", "--to", "--scrape-interval"];

    /// <summary>Usage lines of <see cref="CommonOptions"/>.</summary>
    public const string CommonUsage = """
          --prometheus URL         Prometheus base URL (overrides Prometheus:BaseUrl / Prometheus__BaseUrl)
          --from T                 start of the search range: RFC 3339, Unix seconds or now-6h (default: --to minus Runs:LookbackDays, 15 days)
          --to T                   end of the search range (default now)
          --scrape-interval D      the server's scrape interval, e.g. 5s (overrides Prometheus:ScrapeIntervalSeconds)
        configuration: appsettings.json next to the binary, then environment variables (Prometheus__BaseUrl,
        Prometheus__BearerToken, Runs__VariantPattern, Catalog__…), then the options above.
        exit codes: 0 ok, 1 a --fail-if-worse gate failed, 2 usage or data error (one line on stderr).
        """;

    /// <summary>
    /// Builds the configuration: appsettings.json next to the binary (optional), environment variables
    /// (<c>__</c> = section separator, as in ASP.NET Core), then the command-line overrides of <paramref name="options"/>.
    /// </summary>
    public static IConfiguration BuildConfiguration(IReadOnlyDictionary<string, string> options)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.TryGetValue("--prometheus", out var url))
        {
            overrides[$"{PrometheusOptions.SectionName}:{nameof(PrometheusOptions.BaseUrl)}"] = url;
        }
        if (options.TryGetValue("--scrape-interval", out var scrape))
        {
            var d = CliArgs.Duration("--scrape-interval", scrape);
            if (d < TimeSpan.FromSeconds(1) || d.TotalSeconds != Math.Floor(d.TotalSeconds) || d.TotalSeconds > int.MaxValue)
            {
                throw new UsageException($"--scrape-interval must be a whole number of seconds, at least 1s (got '{scrape}')");
            }
            overrides[$"{PrometheusOptions.SectionName}:{nameof(PrometheusOptions.ScrapeIntervalSeconds)}"] =
                ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddInMemoryCollection(EnvironmentVariables())
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>
    /// The web app's registrations over <paramref name="configuration"/>; options are validated here, not on first query.
    /// With <paramref name="now"/>, the command's "now" is the <see cref="TimeProvider"/> of the whole graph, so the
    /// running rule of run discovery (last sample within two scrape intervals of now) uses the same instant as the search range.
    /// </summary>
    public static ServiceProvider BuildServices(IConfiguration configuration, DateTimeOffset? now = null)
    {
        var services = new ServiceCollection();
        if (now is { } instant)
        {
            services.AddSingleton<TimeProvider>(new FixedClock(instant));
        }
        services.AddSparkTuner(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<PrometheusOptions>>().Value;
            _ = provider.GetRequiredService<MetricCatalog>();
            _ = provider.GetRequiredService<RunDiscovery>();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>The search range: <c>--to</c> (default now) and <c>--from</c> (default <c>--to</c> minus Runs:LookbackDays), as the HTTP API.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(IReadOnlyDictionary<string, string> options, IServiceProvider services, DateTimeOffset now)
    {
        var lookback = TimeSpan.FromDays(services.GetRequiredService<IOptions<RunsOptions>>().Value.LookbackDays);
        var to = options.TryGetValue("--to", out var t) ? Time("--to", t, now) : now;
        var from = options.TryGetValue("--from", out var f) ? Time("--from", f, now) : to - lookback;
        if (to <= from)
        {
            throw new UsageException($"the range ends ({to:u}) before it starts ({from:u})");
        }
        return (from, to);
    }

    /// <summary>
    /// Runs <paramref name="body"/> off any synchronization context and maps every expected failure to one line
    /// <c>error: …</c> on <paramref name="stderr"/> and exit code 2. Unexpected exceptions still print one line.
    /// </summary>
    public static int Execute(TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            return Task.Run(body).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            stderr.WriteLine("error: " + Describe(e));
            return CommandDispatcher.UsageError;
        }
    }

    /// <summary>One line for an exception: the message of the errors users can cause; type and message otherwise.</summary>
    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg)
        {
            return Describe(agg.InnerExceptions[0]);
        }
        var known = e is UsageException or UnknownRunsException or DataSourceException or ArgumentException or FormatException
            or KeyNotFoundException or OptionsValidationException or CatalogException or InvalidOperationException;
        var text = known ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return OneLine(text);
    }

    /// <summary>Collapses line breaks so an error is always one line.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static DateTimeOffset Time(string option, string text, DateTimeOffset now)
    {
        try
        {
            return TimeArgument.Parse(text, now);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    /// <summary>A clock that stays at the command's "now" (a command is short-lived; one instant keeps range and state consistent).</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentVariables()
    {
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string key && key.Contains("__", StringComparison.Ordinal))
            {
                yield return new(key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value as string);
            }
        }
    }
}
