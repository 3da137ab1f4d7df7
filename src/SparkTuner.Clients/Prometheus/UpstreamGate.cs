using System.Threading.RateLimiting;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// What every Prometheus query of the process passes, whoever asks:
/// <list type="bullet">
/// <item>a cap of <see cref="PrometheusOptions.MaxConcurrentQueries"/> requests in flight, fair between users: a
/// concurrency limiter per <see cref="UpstreamScope.Partition"/> (at most half the cap, rounded up) chained with the
/// process-wide one (System.Threading.RateLimiting, queued oldest first). One user's comparison of 100 queries holds at
/// most half the cap, so another user's first query starts at once instead of queueing behind all of them;</item>
/// <item>the deadline of one user action (<see cref="PrometheusOptions.RequestDeadlineSeconds"/>, retries and waiting for
/// the cap included), counted from the start of its <see cref="UpstreamScope"/>;</item>
/// <item>shutdown: <see cref="Stop"/> (the host's application-stopping) cancels every query in flight and every retry.</item>
/// </list>
/// One instance per process (a DI singleton; <see cref="PrometheusTimeSeriesSource.Create"/> makes its own).
/// </summary>
public sealed class UpstreamGate : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly PartitionedRateLimiter<string> _global;
    private readonly PartitionedRateLimiter<string> _chained;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A gate for <paramref name="options"/>' cap and deadline.</summary>
    public UpstreamGate(PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxConcurrent = Math.Max(1, options.MaxConcurrentQueries);
        MaxPerPartition = (MaxConcurrent + 1) / 2;
        Deadline = TimeSpan.FromSeconds(Math.Max(1, options.RequestDeadlineSeconds));
        // Queues are unbounded: a query waits for its turn until its deadline (or its caller) cancels it.
        _perUser = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetConcurrencyLimiter(
            partition, _ => new ConcurrencyLimiterOptions { PermitLimit = MaxPerPartition, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        _global = PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetConcurrencyLimiter(
            "process", _ => new ConcurrencyLimiterOptions { PermitLimit = MaxConcurrent, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        _chained = PartitionedRateLimiter.CreateChained(_perUser, _global);
    }

    /// <summary>Requests in flight to Prometheus at most, process-wide.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Requests in flight at most for one partition (one user action): half the cap, rounded up.</summary>
    public int MaxPerPartition { get; }

    /// <summary>The deadline of one user action.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Cancelled when the process stops (<see cref="Stop"/>).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The partition of the calling flow: its scope's, or a fresh one for a query outside any scope.</summary>
    public static string CurrentPartition => UpstreamScope.Current?.Partition ?? "query:" + Guid.NewGuid().ToString("N");

    /// <summary>What is left of the calling action's deadline (the whole deadline outside any scope); zero or less when it has passed.</summary>
    public TimeSpan Remaining => Deadline - (UpstreamScope.Current?.Elapsed ?? TimeSpan.Zero);

    /// <summary>Waits for a place under the cap for <paramref name="partition"/>; dispose the lease when the request is done.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask<RateLimitLease> AcquireAsync(string partition, CancellationToken cancellationToken) =>
        _chained.AcquireAsync(partition, 1, cancellationToken);

    /// <summary>Cancels every query in flight or waiting, and every later one: the process is stopping.</summary>
    public void Stop() => _stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose()
    {
        _chained.Dispose();
        _perUser.Dispose();
        _global.Dispose();
        _stopping.Dispose();
    }
}
