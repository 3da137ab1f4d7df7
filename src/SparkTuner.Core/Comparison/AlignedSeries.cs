namespace SparkTuner.Core.Comparison;

/// <summary>
/// A series on its run's clock: <see cref="Seconds"/> are seconds since the run started (ascending), only samples
/// inside the run's [Start, End] and only finite values. <see cref="SkippedNonFinite"/> counts the NaN/±Inf samples
/// inside the run that were dropped (statistics report them, never silently).
/// </summary>
public sealed record AlignedSeries(string Name, double[] Seconds, double[] Values, int SkippedNonFinite)
{
    /// <summary>Number of samples kept.</summary>
    public int Count => Seconds.Length;

    /// <summary>True when no finite sample lies inside the run.</summary>
    public bool IsEmpty => Seconds.Length == 0;

    /// <summary>An empty series (no sample inside the run).</summary>
    public static AlignedSeries Empty(string name, int skipped = 0) => new(name, [], [], skipped);
}
