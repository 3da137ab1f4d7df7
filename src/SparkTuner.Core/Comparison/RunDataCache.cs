using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace SparkTuner.Core.Comparison;

/// <summary>Bounds of the process-wide <see cref="RunDataCache"/>.</summary>
public sealed record RunDataCacheOptions
{
    /// <summary>Largest total estimated size of the cached data, in bytes (default 256 MiB); least recently used entries go first.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How long an entry lives after its last use (default 6 h): the data never changes, this only frees memory of links nobody opens.</summary>
    public TimeSpan SlidingExpiration { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Whose view of the data the calling code reads, or null for everybody's (the default: one set of credentials, one
    /// view). Called on every lookup; its answer is part of every key, so entries and work in flight are shared only
    /// between callers with the same answer. The web app answers with a hash of the forwarded user token when
    /// Prometheus is asked with each user's token, because two users may see different series under the same run id.
    /// </summary>
    public Func<string?>? Partition { get; init; }
}

/// <summary>
/// The process-wide cache of what completed runs yield — resolved runs and each (metric, scope)'s data for a set of
/// runs — shared by every page, API call and user. Completed runs are immutable: their samples never change, so an
/// entry is valid until evicted. Entries are bounded by an estimated size in bytes (<see cref="MemoryCache"/> with a
/// size limit, compacting the least recently used), and identical requests in flight are coalesced: the first starts
/// the upstream work, the others wait for it; the work is cancelled only when every waiter has left.
/// Thread-safe.
/// </summary>
public sealed class RunDataCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly RunDataCacheOptions _options;
    private readonly ConcurrentDictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;
    private long _coalesced;

    /// <summary>Creates an empty cache.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RunDataCacheOptions.MaxBytes"/> is below 1 MiB.</exception>
    public RunDataCache(RunDataCacheOptions? options = null)
    {
        _options = options ?? new RunDataCacheOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBytes, 1024 * 1024, nameof(options));
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxBytes, CompactionPercentage = 0.25 });
    }

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that started upstream work.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Lookups that joined upstream work already in flight.</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <summary>Estimated bytes held now.</summary>
    public long Bytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>The cached value of <paramref name="key"/>, if any.</summary>
    public bool TryGet<T>(string key, out T value) where T : class => TryGetScoped(Scoped(key), out value);

    /// <summary><paramref name="key"/> within the caller's <see cref="RunDataCacheOptions.Partition"/>.</summary>
    private string Scoped(string key) =>
        _options.Partition?.Invoke() is { } partition ? partition + "\u0001" + key : key;

    private bool TryGetScoped<T>(string key, out T value) where T : class
    {
        if (_cache.TryGetValue(key, out var found) && found is T typed)
        {
            Interlocked.Increment(ref _hits);
            RunDataCacheMetrics.Hit();
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, sized <paramref name="size"/> bytes.</summary>
    public void Set<T>(string key, T value, long size) where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Store(Scoped(key), value, Math.Max(1, size));
    }

    /// <summary>
    /// Adds an entry; when the cache is full, <see cref="MemoryCache"/> refuses it and compacts in the background, so
    /// the least recently used quarter is dropped here first and the entry added again: new data wins over old.
    /// </summary>
    private void Store(string key, object value, long size)
    {
        var entry = new MemoryCacheEntryOptions { Size = size, SlidingExpiration = _options.SlidingExpiration };
        _cache.Set(key, value, entry);
        if (!_cache.TryGetValue(key, out _))
        {
            _cache.Compact(0.25);
            _cache.Set(key, value, entry);
        }
    }

    /// <summary>
    /// The value of <paramref name="key"/>: from the cache; else from the same work already in flight; else from
    /// <paramref name="create"/>, whose result is stored when <paramref name="keep"/> says so (sized by
    /// <paramref name="size"/>, in bytes). <paramref name="create"/> gets a token cancelled when every caller waiting for
    /// it has been cancelled.
    /// </summary>
    /// <exception cref="OperationCanceledException">This caller's <paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T> GetOrCreateAsync<T>(
        string key, Func<CancellationToken, Task<T>> create, Func<T, bool> keep, Func<T, long> size, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        key = Scoped(key);
        if (TryGetScoped<T>(key, out var cached))
        {
            return cached;
        }

        for (var attempt = 1; ; attempt++)
        {
            var flight = _inFlight.GetOrAdd(key, _ => new Flight());
            if (!flight.Join())
            {
                // Every waiter of that flight left and it is being cancelled: start a new one.
                _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
                continue;
            }

            if (flight.Start())
            {
                Interlocked.Increment(ref _misses);
                RunDataCacheMetrics.Miss();
                _ = RunAsync(key, flight, create, keep, size);
            }
            else
            {
                Interlocked.Increment(ref _coalesced);
                RunDataCacheMetrics.Coalesced();
            }

            try
            {
                return (T)await flight.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                flight.Leave();
                throw;
            }
            catch (OperationCanceledException) when (attempt < 3)
            {
                // The work was cancelled by what its starter depended on (that caller's own deadline or page), not by
                // this caller: do it again for this caller.
                _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
                continue;
            }
            finally
            {
                if (!cancellationToken.IsCancellationRequested) flight.Done();
            }
        }
    }

    private async Task RunAsync<T>(string key, Flight flight, Func<CancellationToken, Task<T>> create, Func<T, bool> keep, Func<T, long> size)
        where T : class
    {
        try
        {
            var value = await create(flight.Cancellation.Token).ConfigureAwait(false);
            if (keep(value))
            {
                var bytes = Math.Max(1, size(value));
                if (bytes <= _options.MaxBytes / 4)
                {
                    Store(key, value, bytes);
                }
            }

            flight.Result.TrySetResult(value);
        }
        catch (OperationCanceledException ex)
        {
            flight.Result.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            flight.Result.TrySetException(ex);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
            flight.Cancellation.Dispose();
        }
    }

    /// <summary>Drops every entry (work in flight goes on).</summary>
    public void Clear() => _cache.Compact(1.0);

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    /// <summary>One upstream call and the callers waiting for it.</summary>
    private sealed class Flight
    {
        private int _waiters;
        private int _started;
        private bool _abandoned;

        public TaskCompletionSource<object> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Adds a waiter; false when the flight was abandoned (all its waiters left).</summary>
        public bool Join()
        {
            lock (this)
            {
                if (_abandoned) return false;
                _waiters++;
                return true;
            }
        }

        /// <summary>True for the one caller that must start the work.</summary>
        public bool Start() => Interlocked.Exchange(ref _started, 1) == 0;

        /// <summary>A waiter got its answer.</summary>
        public void Done()
        {
            lock (this) _waiters--;
        }

        /// <summary>A waiter was cancelled; the last one to leave cancels the work.</summary>
        public void Leave()
        {
            lock (this)
            {
                if (--_waiters > 0 || Result.Task.IsCompleted) return;
                _abandoned = true;
            }

            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The work finished meanwhile.
            }
        }
    }
}
