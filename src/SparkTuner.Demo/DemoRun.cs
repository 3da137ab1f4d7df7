namespace SparkTuner.Demo;

/// <summary>Phase names of a demo run, in order.</summary>
public static class DemoPhases
{
    /// <summary>Driver up, executor pods coming up one by one.</summary>
    public const string ExecutorsStarting = "executors-starting";
    /// <summary>Generating (and in the cached variant caching) the two input DataFrames.</summary>
    public const string GenerateInputs = "generate-inputs";
    /// <summary>The groupBy("A").agg(max("B"), sum("C")) shuffle.</summary>
    public const string GroupByShuffle = "groupby-shuffle";
    /// <summary>count() of the cross join.</summary>
    public const string CartesianCount = "cartesian-count";
}

/// <summary>One phase of a demo run (half-open interval [Start, End)).</summary>
public sealed record DemoPhase(string Name, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// One pod of a demo run. <see cref="Registered"/> is when the executor registered with the driver (its
/// <c>metrics_executor_*</c> series start there); for the driver it equals <see cref="Start"/>.
/// </summary>
public sealed record DemoPod(
    string Name,
    string Role,
    string? ExecutorId,
    string Node,
    string Ip,
    string Uid,
    DateTimeOffset Start,
    DateTimeOffset Registered,
    DateTimeOffset End);

/// <summary>The truth about one generated run: identity, times, pods and phases.</summary>
public sealed record DemoRun(
    int Index,
    string AppId,
    string Name,
    string KubernetesAppName,
    string Variant,
    int Repetition,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Executors,
    int CoresPerExecutor,
    long ExecutorMemoryBytes,
    string Namespace,
    IReadOnlyList<DemoPod> Pods,
    IReadOnlyList<DemoPhase> Phases,
    DemoWorkload Workload = DemoWorkload.Cartesian)
{
    /// <summary>Variant name of the non-cached runs.</summary>
    public const string NonCached = "noncached";
    /// <summary>Variant name of the cached runs.</summary>
    public const string Cached = "cached";

    /// <summary>Run length.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>True for the variant that calls cache() on its inputs.</summary>
    public bool IsCached => Variant == Cached;

    /// <summary>True when later stages read the cache again (the cached cartesian runs); false for a dataset read once.</summary>
    public bool ReusesCache => IsCached && Workload == DemoWorkload.Cartesian;

    /// <summary>The driver pod.</summary>
    public DemoPod Driver => Pods[0];

    /// <summary>Pod names, driver first, then executors 1..N.</summary>
    public IEnumerable<string> PodNames => Pods.Select(p => p.Name);
}
