using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Runs;

/// <summary>
/// Port to a more exact clock of a run than its first and last sample: Spark's own start and end of the
/// application, and whether it has finished (REST API of a history server or live driver). Null when the source does
/// not know the run; a source that fails says so by returning null too — the metrics' times and state are then used.
/// </summary>
public interface IRunTimesSource
{
    /// <summary>What Spark's REST API says about the latest attempt of <paramref name="applicationId"/>; null when unknown.</summary>
    Task<SparkRunTimes?> TimesAsync(string applicationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Spark's own account of an application's latest attempt (REST <c>/api/v1/applications/{id}</c>, <c>attempts[]</c>).
/// </summary>
/// <param name="Start">The attempt's <c>startTime</c> (UTC); null when absent.</param>
/// <param name="End">Its <c>endTime</c> (UTC); null while it runs (Spark sends epoch −1, <c>1969-12-31T23:59:59.999GMT</c>).</param>
/// <param name="Completed">Its <c>completed</c> flag: false while the application runs.</param>
public sealed record SparkRunTimes(DateTimeOffset? Start, DateTimeOffset? End, bool Completed)
{
    /// <summary>The times of <paramref name="attempt"/> (for example <see cref="SparkApplication.LatestAttempt"/>); null for no attempt.</summary>
    public static SparkRunTimes? From(SparkAttempt? attempt) =>
        attempt is null ? null : new SparkRunTimes(attempt.Start, attempt.End, attempt.Completed);
}
