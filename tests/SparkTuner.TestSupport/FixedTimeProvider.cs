namespace SparkTuner.TestSupport;

/// <summary>A clock stopped at one instant (timers are the system's).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
