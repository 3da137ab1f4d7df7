namespace SparkTuner.Core.Comparison;

/// <summary>Knobs of a comparison. The defaults are what the dashboard, API and CLI use.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Label of the baseline side (e.g. "without cache").</summary>
    public string BaselineLabel { get; init; } = "baseline";

    /// <summary>Label of the candidate side (e.g. "with cache").</summary>
    public string CandidateLabel { get; init; } = "candidate";

    /// <summary>Bootstrap resamples for the RIP interval.</summary>
    public int BootstrapResamples { get; init; } = 2000;

    /// <summary>Seed of the bootstrap: a fixed seed makes every comparison reproducible.</summary>
    public int Seed { get; init; } = 20240611;

    /// <summary>|RIP| below this is "within noise" whatever the interval says.</summary>
    public double NoiseThreshold { get; init; } = 0.02;

    /// <summary>Warn when the longest run is more than this many times the shortest.</summary>
    public double LengthWarningRatio { get; init; } = 3.0;

    /// <summary>The defaults.</summary>
    public static ComparisonOptions Default { get; } = new();
}
