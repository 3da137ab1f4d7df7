namespace SparkTuner.Core.Runs;

/// <summary>
/// Port to a more exact clock of a run than its first and last sample: Spark's own start and end of the
/// application (REST API of a history server or live driver). Null when the source does not know the run;
/// a source that fails says so by returning null too — the metrics' times are then used.
/// </summary>
public interface IRunTimesSource
{
    Task<(DateTimeOffset Start, DateTimeOffset End)?> TimesAsync(string applicationId, CancellationToken cancellationToken = default);
}
