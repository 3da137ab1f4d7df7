using System.Collections;
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// What the data commands (<c>runs</c>, <c>compare</c>, <c>doctor</c>) share: configuration (appsettings.json beside the binary,
/// then environment variables such as <c>Prometheus__BaseUrl</c>, then command-line options), the same service graph
/// as the web app (<see cref="SparkTunerServices.AddSparkTuner"/>), the search range, and the one-line error mapping.
/// </summary>
public static class CommandEnvironment
{
    /// <summary>Where the configuration comes from, for the end of <c>--help</c>.</summary>
    public const string ConfigurationNote = """
        configuration: appsettings.json next to the binary, then environment variables (Prometheus__BaseUrl,
        Prometheus__BearerToken, Prometheus__Profiles__0, Runs__VariantPattern, Catalog__…), then the options above.
        """;

    /// <summary>
    /// Builds the configuration: appsettings.json next to the binary (optional), environment variables
    /// (<c>__</c> = section separator, as in ASP.NET Core), then the command-line overrides: <paramref name="prometheus"/>
    /// (base URL) and <paramref name="scrapeIntervalSeconds"/>, when given.
    /// </summary>
    public static IConfiguration BuildConfiguration(string? prometheus, int? scrapeIntervalSeconds, string? sparkRest = null)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (sparkRest is not null)
        {
            overrides["SparkRest:BaseUrl"] = sparkRest;
        }
        if (prometheus is not null)
        {
            overrides[$"{PrometheusOptions.SectionName}:{nameof(PrometheusOptions.BaseUrl)}"] = prometheus;
        }
        if (scrapeIntervalSeconds is { } seconds)
        {
            overrides[$"{PrometheusOptions.SectionName}:{nameof(PrometheusOptions.ScrapeIntervalSeconds)}"] =
                seconds.ToString(CultureInfo.InvariantCulture);
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
            // The same start-up validation as the web app's host: every section's shape and values, the catalog.
            provider.ValidateOnStartNow();
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

    /// <summary>
    /// The search range, as the HTTP API (<see cref="SearchRange.Resolve"/>): <paramref name="to"/> (default and at most
    /// <paramref name="now"/>) and <paramref name="from"/> (default <c>to</c> minus Runs:LookbackDays).
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset? from, DateTimeOffset? to, IServiceProvider services, DateTimeOffset now)
    {
        var runs = services.GetRequiredService<IOptions<RunsOptions>>().Value;
        try
        {
            // A future end is clipped to now; a range longer than Runs:MaxSearchRangeDays is refused before any query.
            return SearchRange.Resolve(from, to, now, TimeSpan.FromDays(runs.LookbackDays), TimeSpan.FromDays(runs.MaxSearchRangeDays));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> off any synchronization context and maps every expected failure to one line
    /// <c>error: …</c> on <paramref name="stderr"/> and exit code 2. Unexpected exceptions still print one line.
    /// </summary>
    public static int Execute(TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            // The command is one user action: one deadline (Prometheus:RequestDeadlineSeconds) for all its queries.
            using var scope = UpstreamScope.Begin("cli");
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

/// <summary>
/// The data-source options of <c>runs</c>, <c>compare</c> and <c>doctor</c>: <c>--prometheus</c>, <c>--scrape-interval</c>
/// and (for the commands that search a range) <c>--from</c> / <c>--to</c>, read relative to the command's "now".
/// </summary>
public sealed class DataSourceOptions(DateTimeOffset now)
{
    /// <summary><c>--prometheus URL</c>: the base URL, an absolute http(s) URL.</summary>
    public Option<string> Prometheus { get; } = CliOptions.Create("--prometheus", "URL",
        "Prometheus base URL (overrides Prometheus:BaseUrl / Prometheus__BaseUrl)",
        (k, v) => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? v : throw new UsageException($"{k} must be an http:// or https:// URL (got '{v}')"));

    /// <summary><c>--scrape-interval D</c>: whole seconds, at least 1.</summary>
    public Option<int?> ScrapeInterval { get; } = CliOptions.Create<int?>("--scrape-interval", "D",
        "the server's scrape interval, e.g. 5s (overrides Prometheus:ScrapeIntervalSeconds)",
        (k, v) =>
        {
            var d = CliArgs.Duration(k, v);
            return d >= TimeSpan.FromSeconds(1) && d.TotalSeconds == Math.Floor(d.TotalSeconds) && d.TotalSeconds <= int.MaxValue
                ? (int)d.TotalSeconds
                : throw new UsageException($"{k} must be a whole number of seconds, at least 1s (got '{v}')");
        });

    /// <summary><c>--from T</c>: start of the search range.</summary>
    public Option<DateTimeOffset?> From { get; } = TimeOption("--from",
        "start of the search range: RFC 3339, Unix seconds or now-6h (default: --to minus Runs:LookbackDays, 15 days)", now);

    /// <summary><c>--to T</c>: end of the search range.</summary>
    public Option<DateTimeOffset?> To { get; } = TimeOption("--to", "end of the search range (default now)", now);

    /// <summary>Adds the options to <paramref name="command"/>; <c>--from</c>/<c>--to</c> only with <paramref name="range"/>.</summary>
    public void AddTo(Command command, bool range = true)
    {
        command.Options.Add(Prometheus);
        if (range)
        {
            command.Options.Add(From);
            command.Options.Add(To);
        }
        command.Options.Add(ScrapeInterval);
    }

    /// <summary>The configuration with the options of <paramref name="result"/> applied, and the service graph over it.</summary>
    public ServiceProvider BuildServices(ParseResult result, DateTimeOffset? clock, string? sparkRest = null) => CommandEnvironment.BuildServices(
        CommandEnvironment.BuildConfiguration(result.GetValue(Prometheus), result.GetValue(ScrapeInterval), sparkRest), clock);

    /// <summary>The search range of <paramref name="result"/> (see <see cref="CommandEnvironment.Range"/>).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(ParseResult result, IServiceProvider services) =>
        CommandEnvironment.Range(result.GetValue(From), result.GetValue(To), services, now);

    private static Option<DateTimeOffset?> TimeOption(string name, string description, DateTimeOffset now) =>
        CliOptions.Create<DateTimeOffset?>(name, "T", description, (k, v) =>
        {
            try
            {
                return TimeArgument.Parse(v, now);
            }
            catch (FormatException e)
            {
                throw new UsageException($"{k}: {e.Message}");
            }
        });
}
