namespace SparkTuner.Core.Series;

/// <summary>
/// One series as returned by a range query or a raw-sample read: its label set and parallel arrays of
/// timestamps (Unix seconds, ascending) and values. Values may be NaN or ±Infinity exactly as Prometheus sent them.
/// </summary>
public sealed record TimeSeries(IReadOnlyDictionary<string, string> Labels, double[] Timestamps, double[] Values)
{
    public int Count => Timestamps.Length;

    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;
}

/// <summary>One sample of an instant vector.</summary>
public sealed record InstantSample(IReadOnlyDictionary<string, string> Labels, double Timestamp, double Value);

/// <summary>Data from a source together with the warnings the source attached to it (never dropped).</summary>
public sealed record QueryResult<T>(T Data, IReadOnlyList<string> Warnings)
{
    public static QueryResult<T> Of(T data) => new(data, Array.Empty<string>());
}
