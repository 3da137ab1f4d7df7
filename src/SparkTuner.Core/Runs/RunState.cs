namespace SparkTuner.Core.Runs;

/// <summary>Whether a Spark application had finished when it was looked at.</summary>
/// <remarks>
/// Placeholder added by the truth-case tests so they compile: nothing sets <see cref="Running"/> yet. The run-lifecycle
/// work (a <see cref="TimeProvider"/>-based "last sample within two scrape intervals of now" rule) replaces it.
/// </remarks>
public enum RunState
{
    Completed,
    Running,
}
