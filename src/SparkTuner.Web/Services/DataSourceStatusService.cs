using SparkTuner.Core.Series;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>
/// Asks Prometheus for its build info (with a short deadline) and remembers the answer for a few seconds,
/// so the app bar of every circuit and /readyz do not hammer the server. Reachable means "answered"; a missing
/// version is not a failure.
/// </summary>
public sealed class DataSourceStatusService(ITimeSeriesSource source, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DataSourceStatus? _last;

    /// <summary>The cached status (at most 5 s old), or a fresh one with a 3 s deadline.</summary>
    public async Task<DataSourceStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_last is { } cached && now - cached.CheckedAt < CacheFor)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && time.GetUtcNow() - again.CheckedAt < CacheFor)
            {
                return again;
            }
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(Deadline);
            // Its own action: a fresh deadline and its own share of the upstream cap. Polled from a page, it would
            // otherwise inherit the circuit activity that started the poll — queued behind that user's queries, and
            // past that activity's deadline after 30 s.
            using var scope = SparkTuner.Clients.Prometheus.UpstreamScope.Begin(SparkTuner.Clients.Prometheus.PrometheusAuthHandler.ServicePartition);
            try
            {
                // A server that answers buildinfo without a version (VictoriaMetrics 1.79) is reachable, version unknown.
                var version = await source.VersionAsync(cts.Token);
                _last = new DataSourceStatus(true, source.Describe, string.IsNullOrWhiteSpace(version) ? null : version, null, time.GetUtcNow());
            }
            catch (DataSourceException ex)
            {
                _last = new DataSourceStatus(false, source.Describe, null, ex.Message, time.GetUtcNow());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _last = new DataSourceStatus(false, source.Describe, null, $"no answer within {Deadline.TotalSeconds:0} s", time.GetUtcNow());
            }
            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }
}
