namespace SparkTuner.Demo;

/// <summary>Which sources the demo writes (all by default).</summary>
[Flags]
public enum DemoFamilies
{
    /// <summary>Nothing (invalid).</summary>
    None = 0,
    /// <summary>Driver <c>/metrics/executors/prometheus</c> (<c>spark_info</c>, <c>metrics_executor_*</c>).</summary>
    ExecutorEndpoint = 1,
    /// <summary>Driver PrometheusServlet (<c>metrics_&lt;app&gt;_driver_*</c>).</summary>
    Servlet = 2,
    /// <summary>kubelet cAdvisor (<c>container_*</c>).</summary>
    Cadvisor = 4,
    /// <summary>kube-state-metrics (<c>kube_pod_labels</c>).</summary>
    KubeStateMetrics = 8,
    /// <summary>Everything.</summary>
    All = ExecutorEndpoint | Servlet | Cadvisor | KubeStateMetrics,
}

/// <summary>Which program the demo runs model.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DemoWorkload>))]
public enum DemoWorkload
{
    /// <summary>
    /// The talk's experiment: two DataFrames, each counted, one grouped, then cross-joined and counted. With cache() every
    /// input is read by several later stages, so the cache pays off (cached runs ≈ 62 % of the non-cached length).
    /// </summary>
    Cartesian,

    /// <summary>
    /// A dataset read once: one DataFrame, cached or not, read by a single groupBy whose result is written out. Nothing reads
    /// the cache again, so caching only adds cost: the map stage that computes the input also serialises it into storage memory
    /// (about 1.4 × as long, more GC), the later stages run as without cache, and the storage memory stays held to the end
    /// (cached runs ≈ 112 % of the non-cached length).
    /// </summary>
    ReadOnce,
}

/// <summary>
/// Options of the demo data generator: the cached-vs-non-cached cartesian experiment, repeated
/// <see cref="RunsPerVariant"/> times per variant. Equal options (with an explicit <see cref="End"/>) give byte-identical output.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>One GiB in bytes.</summary>
    public const long GiB = 1024L * 1024 * 1024;

    /// <summary>Seed of every random choice (ids, durations, noise).</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Runs of each variant (non-cached and cached); runs alternate non-cached, cached, …</summary>
    public int RunsPerVariant { get; init; } = 3;

    /// <summary>Executors per run.</summary>
    public int Executors { get; init; } = 4;

    /// <summary>Cores (task slots) per executor.</summary>
    public int CoresPerExecutor { get; init; } = 2;

    /// <summary><c>spark.executor.memory</c> in bytes (JVM heap).</summary>
    public long ExecutorMemoryBytes { get; init; } = 4 * GiB;

    /// <summary>Nominal length of a non-cached run; null = 270 s × <see cref="DurationScale"/>. Cached runs take about 62 % of it.</summary>
    public TimeSpan? BaseDuration { get; init; }

    /// <summary>Scales the default run length (ignored when <see cref="BaseDuration"/> is set).</summary>
    public double DurationScale { get; init; } = 1.0;

    /// <summary>Prometheus scrape interval of every target.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>End of the last run; null = 30 minutes before now (whole second).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Pause between two runs (jittered ±20 %).</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Rows per input DataFrame (names the apps, e.g. <c>cartesian-200k-cached</c>, and scales data volumes).</summary>
    public long NRow { get; init; } = 200_000;

    /// <summary>Sources to write.</summary>
    public DemoFamilies Families { get; init; } = DemoFamilies.All;

    /// <summary>The program the runs model (app names <c>cartesian-…</c> or <c>readonce-…</c>).</summary>
    public DemoWorkload Workload { get; init; } = DemoWorkload.Cartesian;

    /// <summary>Kubernetes namespace of the pods.</summary>
    public string Namespace { get; init; } = "spark-demo";

    /// <summary>The nominal non-cached run length actually used.</summary>
    public TimeSpan EffectiveBaseDuration => BaseDuration ?? TimeSpan.FromSeconds(270 * DurationScale);

    /// <summary>Throws <see cref="ArgumentException"/> with one clear line when an option is out of range.</summary>
    public void Validate()
    {
        static void Fail(string message) => throw new ArgumentException(message);
        if (RunsPerVariant < 1) Fail($"runs per variant must be at least 1 (got {RunsPerVariant})");
        if (RunsPerVariant > 1000) Fail($"runs per variant must be at most 1000 (got {RunsPerVariant})");
        if (Executors < 1) Fail($"executors must be at least 1 (got {Executors})");
        if (Executors > 10_000) Fail($"executors must be at most 10000 (got {Executors})");
        if (CoresPerExecutor < 1) Fail($"cores per executor must be at least 1 (got {CoresPerExecutor})");
        if (CoresPerExecutor > 256) Fail($"cores per executor must be at most 256 (got {CoresPerExecutor})");
        if (ExecutorMemoryBytes < 512L * 1024 * 1024) Fail($"executor memory must be at least 512m (got {ExecutorMemoryBytes} bytes)");
        if (ExecutorMemoryBytes > 1024 * GiB) Fail($"executor memory must be at most 1024g (got {ExecutorMemoryBytes} bytes)");
        if (BaseDuration is { } d && d <= TimeSpan.Zero) Fail($"duration must be positive (got {d.TotalSeconds} s)");
        if (BaseDuration is null && !(DurationScale > 0) || double.IsInfinity(DurationScale)) Fail($"duration scale must be positive (got {DurationScale})");
        if (ScrapeInterval <= TimeSpan.Zero) Fail($"scrape interval must be positive (got {ScrapeInterval.TotalSeconds} s)");
        if (ScrapeInterval < TimeSpan.FromMilliseconds(100)) Fail($"scrape interval must be at least 100ms (got {ScrapeInterval.TotalMilliseconds} ms)");
        if (EffectiveBaseDuration < TimeSpan.FromSeconds(30)) Fail($"duration must be at least 30s (got {EffectiveBaseDuration.TotalSeconds} s)");
        if (EffectiveBaseDuration > TimeSpan.FromDays(2)) Fail($"duration must be at most 2 days (got {EffectiveBaseDuration.TotalSeconds} s)");
        if (EffectiveBaseDuration < ScrapeInterval * 6) Fail($"duration must be at least 6 scrape intervals (got {EffectiveBaseDuration.TotalSeconds} s)");
        if (Gap < TimeSpan.Zero) Fail($"gap must not be negative (got {Gap.TotalSeconds} s)");
        if (NRow < 1) Fail($"nrow must be at least 1 (got {NRow})");
        if (string.IsNullOrWhiteSpace(Namespace)) Fail("namespace must not be empty");
        if (!Enum.IsDefined(Workload)) Fail($"workload must be cartesian or read-once (got {Workload})");
        if ((Families & DemoFamilies.All) == DemoFamilies.None) Fail("families must name at least one source");
        if (End is { } e && (e.ToUnixTimeSeconds() < 946684800 || e.ToUnixTimeSeconds() > 7258118400))
            Fail($"end must lie between 2000 and 2200 (got {e:O})");
    }
}
