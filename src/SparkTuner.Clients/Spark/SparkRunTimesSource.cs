using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Spark;

/// <summary>
/// A run's start, end and completion from Spark's REST API (latest attempt: <c>attempts[].startTime</c>, <c>endTime</c>,
/// <c>completed</c>); null when not configured, unknown or failing.
/// </summary>
/// <remarks>Resolves the (transient, typed-HttpClient) REST source per call, so this singleton never holds a stale handler.</remarks>
public sealed class SparkRunTimesSource(IServiceProvider services, IOptions<SparkRestOptions> options, ILogger<SparkRunTimesSource> log) : IRunTimesSource
{
    /// <inheritdoc />
    public async Task<SparkRunTimes?> TimesAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!options.Value.IsConfigured)
        {
            return null;
        }
        try
        {
            var spark = services.GetRequiredService<ISparkHistorySource>();
            var app = await spark.GetApplicationAsync(applicationId, cancellationToken);
            return SparkRunTimes.From(app.LatestAttempt);
        }
        catch (DataSourceException ex)
        {
            log.LogDebug("Spark REST has no times for {App}: {Message}", applicationId, ex.Message);
            return null;
        }
    }
}
