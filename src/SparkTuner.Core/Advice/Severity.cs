namespace SparkTuner.Core.Advice;

/// <summary>
/// How bad a finding is: the five-step ladder of Dr. Elephant (<c>com.linkedin.drelephant.analysis.Severity</c>:
/// NONE, LOW, MODERATE, SEVERE, CRITICAL), which performance engineers already read.
/// </summary>
public enum Severity
{
    /// <summary>Below the low threshold: nothing to say.</summary>
    None = 0,
    /// <summary>Worth a look.</summary>
    Low = 1,
    /// <summary>Costs time or resources.</summary>
    Moderate = 2,
    /// <summary>Costs a lot; fix it.</summary>
    Severe = 3,
    /// <summary>Fix it first.</summary>
    Critical = 4,
}

/// <summary>
/// Four thresholds that map a measured value to a <see cref="Severity"/>, as Dr. Elephant's <c>SeverityThresholds</c>:
/// ascending (<see cref="Critical"/> ≥ <see cref="Low"/>) means a value at or above a threshold reaches that severity;
/// descending (<see cref="Critical"/> &lt; <see cref="Low"/>) means at or below. Values are in the rule's own unit.
/// </summary>
/// <param name="Low">Threshold of <see cref="Severity.Low"/>.</param>
/// <param name="Moderate">Threshold of <see cref="Severity.Moderate"/>.</param>
/// <param name="Severe">Threshold of <see cref="Severity.Severe"/>.</param>
/// <param name="Critical">Threshold of <see cref="Severity.Critical"/>.</param>
public sealed record SeverityLadder(double Low, double Moderate, double Severe, double Critical)
{
    /// <summary>True when higher values are worse.</summary>
    public bool Ascending => Critical >= Low;

    /// <summary>The severity of <paramref name="value"/>; NaN is <see cref="Severity.None"/>.</summary>
    public Severity Rate(double value)
    {
        if (double.IsNaN(value)) return Severity.None;
        bool Reaches(double threshold) => Ascending ? value >= threshold : value <= threshold;
        return Reaches(Critical) ? Severity.Critical
            : Reaches(Severe) ? Severity.Severe
            : Reaches(Moderate) ? Severity.Moderate
            : Reaches(Low) ? Severity.Low
            : Severity.None;
    }

    /// <summary>The threshold of <paramref name="severity"/> (<see cref="Severity.None"/> has none: NaN).</summary>
    public double Threshold(Severity severity) => severity switch
    {
        Severity.Low => Low,
        Severity.Moderate => Moderate,
        Severity.Severe => Severe,
        Severity.Critical => Critical,
        _ => double.NaN,
    };
}
