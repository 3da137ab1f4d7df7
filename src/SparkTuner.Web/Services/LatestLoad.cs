namespace SparkTuner.Web.Services;

/// <summary>
/// The loads of one component, of which only the latest may write into it. <see cref="Begin"/> cancels the load
/// before and hands out a <see cref="Load"/>; after every await, a write first asks <see cref="Load.Commit"/>, so a
/// load that a newer one superseded (the URL changed while it ran) writes nothing, even when it finished before it
/// noticed its cancellation. Used from the component's renderer context only (Blazor runs one piece of a circuit's
/// work at a time), so there is no locking.
/// </summary>
public sealed class LatestLoad(ILogger log) : IDisposable
{
    private CancellationTokenSource? _cts;
    private Load? _current;
    private long _generation;
    private bool _disposed;

    /// <summary>Starts a load of <paramref name="what"/> (named in the Debug log line when its result is dropped), cancelling the previous one.</summary>
    public Load Begin(string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Cancel();
        _cts = new CancellationTokenSource();
        _current = new Load(this, ++_generation, what, _cts.Token);
        return _current;
    }

    /// <summary>Cancels the current load, if any: nothing it finishes is written any more.</summary>
    public void Cancel()
    {
        _current = null;
        if (_cts is { } cts)
        {
            _cts = null;
            cts.Cancel();
            cts.Dispose();
        }
    }

    /// <summary>Cancels the current load; no load can begin afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        Cancel();
    }

    /// <summary>One load: its cancellation token, and whether it is still the one its component shows.</summary>
    public sealed class Load
    {
        private readonly LatestLoad _owner;

        internal Load(LatestLoad owner, long generation, string what, CancellationToken token) =>
            (_owner, Generation, What, Token) = (owner, generation, what, token);

        /// <summary>1 for the component's first load, then counting up.</summary>
        public long Generation { get; }

        /// <summary>What is loaded (for the log).</summary>
        public string What { get; }

        /// <summary>Cancelled when a newer load begins or the component goes away.</summary>
        public CancellationToken Token { get; }

        /// <summary>Whether this is still the latest load of its component.</summary>
        public bool IsCurrent => ReferenceEquals(_owner._current, this);

        /// <summary>
        /// Whether <paramref name="result"/> of this load may be written: true while it is the latest load; otherwise
        /// false, logged at Debug (a dropped result is expected whenever someone navigates quickly, so no louder).
        /// </summary>
        public bool Commit(string result)
        {
            if (IsCurrent) return true;
            _owner.LogDropped(this, result);
            return false;
        }
    }

    private void LogDropped(Load load, string result) =>
        log.LogDebug("Dropped the {Result} of superseded load {Generation} ({What}): a newer load replaced it", result, load.Generation, load.What);
}
