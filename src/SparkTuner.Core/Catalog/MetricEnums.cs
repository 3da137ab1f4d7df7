namespace SparkTuner.Core.Catalog;

/// <summary>How a series behaves over time.</summary>
public enum MetricKind
{
    /// <summary>Current value (memory in use, active tasks, cores in use after rate()).</summary>
    Gauge,
    /// <summary>Monotonic counter: statistics use its increase over the run.</summary>
    Counter,
    /// <summary>Running peak since process start (Spark's executor *Memory_bytes lines): the final value is the peak; never averaged as current usage.</summary>
    RunningPeak,
}

/// <summary>Which process a series describes.</summary>
public enum MetricScope
{
    Driver,
    Executor,
}

/// <summary>Which direction is an improvement.</summary>
public enum Direction
{
    LowerIsBetter,
    HigherIsBetter,
    /// <summary>Informational: neither direction is better (e.g. storage memory filled by a cache).</summary>
    Neutral,
}

/// <summary>How per-executor series are combined for a view.</summary>
public enum ExecutorAggregation
{
    Sum,
    Max,
    Mean,
    /// <summary>Each executor on its own.</summary>
    Each,
}
