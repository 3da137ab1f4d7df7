namespace SparkTuner.Core.Spark;

/// <summary>How a property compares between two runs.</summary>
public enum ConfigDiffKind
{
    /// <summary>Same value on both sides.</summary>
    Equal,
    /// <summary>Present on both sides with different values.</summary>
    Different,
    /// <summary>Set only in the baseline.</summary>
    OnlyInBaseline,
    /// <summary>Set only in the candidate.</summary>
    OnlyInCandidate,
}

/// <summary>One row of a configuration comparison.</summary>
/// <param name="Key">Property key.</param>
/// <param name="Baseline">Baseline value, null when unset.</param>
/// <param name="Candidate">Candidate value, null when unset.</param>
/// <param name="Kind">Comparison outcome.</param>
/// <param name="IsImportant">Whether the key is one of <see cref="ConfigDiff.ImportantKeys"/>.</param>
public sealed record ConfigDiffEntry(string Key, string? Baseline, string? Candidate, ConfigDiffKind Kind, bool IsImportant)
{
    /// <summary>True when both sides hold the same value.</summary>
    public bool IsEqual => Kind == ConfigDiffKind.Equal;
}

/// <summary>
/// Compares Spark properties of two environments. Order: important keys (in <see cref="ImportantKeys"/> order),
/// then other differing keys, then equal keys, each alphabetically. Keys that differ on every run
/// (<see cref="IsVolatile"/>) are left out unless asked for.
/// </summary>
public static class ConfigDiff
{
    /// <summary>Keys that most often explain a performance difference, shown first.</summary>
    public static IReadOnlyList<string> ImportantKeys { get; } =
    [
        "spark.executor.memory",
        "spark.executor.cores",
        "spark.executor.instances",
        "spark.sql.shuffle.partitions",
        "spark.sql.adaptive.enabled",
        "spark.memory.fraction",
        "spark.memory.storageFraction",
        "spark.driver.memory",
        "spark.dynamicAllocation.enabled",
        "spark.executor.memoryOverhead",
        "spark.memory.offHeap.enabled",
        "spark.memory.offHeap.size",
        "spark.sql.autoBroadcastJoinThreshold",
        "spark.default.parallelism",
        "spark.serializer",
    ];

    private static readonly HashSet<string> VolatileKeys = new(StringComparer.Ordinal)
    {
        "spark.app.id",
        "spark.app.name.suffix",
        "spark.app.startTime",
        "spark.app.submitTime",
        "spark.app.attempt.id",
        "spark.driver.host",
        "spark.driver.port",
        "spark.driver.appUIAddress",
        "spark.ui.proxyBase",
        "spark.kubernetes.driver.pod.name",
        "spark.kubernetes.executor.podNamePrefix",
        "spark.kubernetes.submission.waitAppCompletion",
        "spark.repl.class.uri",
        "spark.repl.class.outputDir",
        "spark.app.initial.jar.urls",
        "spark.app.initial.file.urls",
        "spark.app.initial.archive.urls",
        "spark.yarn.app.id",
        "spark.yarn.app.container.log.dir",
    };

    private static readonly string[] VolatilePrefixes =
    [
        "spark.org.apache.hadoop.yarn.server.webproxy.amfilter.AmIpFilter.param.",
    ];

    /// <summary>Whether the key holds a per-run value (ids, host, port, start time…) that always differs.</summary>
    public static bool IsVolatile(string key) =>
        VolatileKeys.Contains(key) || VolatilePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Compares two Spark environments' sparkProperties.</summary>
    public static IReadOnlyList<ConfigDiffEntry> Compare(SparkEnvironment baseline, SparkEnvironment candidate, bool includeEqual = false, bool includeVolatile = false) =>
        Compare(baseline.SparkProperties, candidate.SparkProperties, includeEqual, includeVolatile);

    /// <summary>Compares two property lists (last value wins on duplicate keys).</summary>
    public static IReadOnlyList<ConfigDiffEntry> Compare(
        IEnumerable<KeyValuePair<string, string>> baseline,
        IEnumerable<KeyValuePair<string, string>> candidate,
        bool includeEqual = false,
        bool includeVolatile = false)
    {
        var b = ToMap(baseline);
        var c = ToMap(candidate);
        var important = ImportantKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var entries = new List<ConfigDiffEntry>();
        foreach (var key in b.Keys.Union(c.Keys, StringComparer.Ordinal))
        {
            if (!includeVolatile && IsVolatile(key)) continue;
            var hasB = b.TryGetValue(key, out var bv);
            var hasC = c.TryGetValue(key, out var cv);
            var kind = (hasB, hasC) switch
            {
                (true, false) => ConfigDiffKind.OnlyInBaseline,
                (false, true) => ConfigDiffKind.OnlyInCandidate,
                _ => string.Equals(bv, cv, StringComparison.Ordinal) ? ConfigDiffKind.Equal : ConfigDiffKind.Different,
            };
            if (kind == ConfigDiffKind.Equal && !includeEqual) continue;
            entries.Add(new ConfigDiffEntry(key, bv, cv, kind, important.ContainsKey(key)));
        }

        return entries
            .OrderBy(e => important.TryGetValue(e.Key, out var i) ? i : int.MaxValue)
            .ThenBy(e => e.IsEqual)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, string> ToMap(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs) map[k] = v;
        return map;
    }
}
