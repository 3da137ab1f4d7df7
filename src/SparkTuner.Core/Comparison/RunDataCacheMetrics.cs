using System.Diagnostics.Metrics;

namespace SparkTuner.Core.Comparison;

/// <summary>
/// Lookups of every <see cref="RunDataCache"/> in the process, as a .NET meter (BCL <see cref="System.Diagnostics.Metrics"/>,
/// no exporter here; the web app publishes it on <c>/metrics</c> as <c>sparktuner_cache_lookups_total</c>).
/// Tag <c>result</c>: <c>hit</c> (answered from the cache), <c>miss</c> (started upstream work) or <c>coalesced</c>
/// (joined the same work already in flight). Hit ratio = hit / (hit + miss + coalesced).
/// </summary>
public static class RunDataCacheMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "SparkTuner.Cache";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>(
        "sparktuner.cache.lookups", description: "Lookups of the cache of completed runs' data, by result (hit, miss, coalesced).");

    internal static void Hit() => Lookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    internal static void Miss() => Lookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    internal static void Coalesced() => Lookups.Add(1, new KeyValuePair<string, object?>("result", "coalesced"));
}
