namespace SparkTuner.Core.Tests;

/// <summary>
/// Tests a concurrency bound without timing. Every call sent through the gate is held until <c>width</c> calls are in
/// flight at once; then the held calls and every later one go on. The most calls in flight at once is recorded.
/// Code under a limit of <c>width</c> therefore shows exactly <c>width</c>: at least, because the gate waits for
/// that many (no delay has to be long enough for them to overlap); at most, because that is the limit's own
/// property. A looser limit usually shows one more, but nothing forces that extra call to overlap the held ones.
/// </summary>
public sealed class InFlightGate(int width)
{
    // Only a failure path waits this long: code that never has `width` calls in flight would otherwise hang.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _max;

    /// <summary>The most calls that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _max);

    /// <summary>Holds the call until the gate is open, then answers it with <paramref name="answer"/>.</summary>
    public async Task<T> PassAsync<T>(Func<T> answer)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }
        if (now >= width)
        {
            _open.TrySetResult();
        }
        try
        {
            try
            {
                await _open.Task.WaitAsync(Guard);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"Never {width} calls in flight at once (at most {MaxInFlight}).");
            }
            // Later calls overlap too, so a limit that lets one more through would show.
            await Task.Yield();
            return answer();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
