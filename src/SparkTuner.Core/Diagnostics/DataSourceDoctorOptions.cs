using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Diagnostics;

/// <summary>What the data-source check compares the data with: the configuration SparkTuner runs with.</summary>
public sealed record DataSourceDoctorOptions
{
    /// <summary>Enabled exporter profiles, in order of preference (<c>Prometheus:Profiles</c>); unknown names are ignored.</summary>
    public IReadOnlyList<string> EnabledProfiles { get; init; } = ["spark-native", "kubernetes"];

    /// <summary>The configured scrape interval (<c>Prometheus:ScrapeIntervalSeconds</c>).</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How runs are discovered (the same options as the <see cref="RunDiscovery"/> given to the doctor).</summary>
    public RunDiscoveryOptions Discovery { get; init; } = RunDiscoveryOptions.SparkNative;

    /// <summary>Without a run id, the most recent run of this last stretch of time is checked (24 h).</summary>
    public TimeSpan RecentWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How far back a run named by id is searched (<c>Runs:LookbackDays</c>, 15 days).</summary>
    public TimeSpan RunLookback { get; init; } = TimeSpan.FromDays(15);

    /// <summary>How many queries run at once (at least 1).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Labels that tell replicas of one series apart (HA pairs, Thanos without deduplication).</summary>
    public IReadOnlyList<string> ReplicaLabels { get; init; } = ["prometheus_replica", "replica", "__replica__"];

    /// <summary>Relative difference between the detected and the configured scrape interval that is reported (0.10 = 10 %).</summary>
    public double ScrapeIntervalTolerance { get; init; } = 0.10;

    /// <summary>The longest stretch of raw samples read to detect the scrape interval (the end of the run).</summary>
    public TimeSpan ScrapeSampleWindow { get; init; } = TimeSpan.FromHours(1);
}
