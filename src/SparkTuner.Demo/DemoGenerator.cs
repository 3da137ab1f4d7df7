using System.Globalization;
using System.Text;

namespace SparkTuner.Demo;

/// <summary>
/// Generates demo runs of the cartesian cache experiment (DEMO DATA, not captured from Spark) in the exposition formats
/// of Spark 3.5 (<c>/metrics/executors/prometheus</c>, PrometheusServlet), cAdvisor and kube-state-metrics.
/// </summary>
public static class DemoGenerator
{
    /// <summary>Cached runs last about this share of a non-cached run.</summary>
    internal const double CachedSpeedup = 0.62;

    /// <summary>Read-once cached runs last about this share of a non-cached run (the cache is written and never read again).</summary>
    internal const double ReadOnceCachedSlowdown = 1.12;

    /// <summary>Plans the runs (cheap); samples are only computed by <see cref="DemoDataset.WriteOpenMetrics"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static DemoDataset Generate(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var end = options.End ?? DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800);
        var resolved = options with { End = end };
        long seed = options.Seed;
        int total = options.RunsPerVariant * 2;
        long baseMs = (long)options.EffectiveBaseDuration.TotalMilliseconds;

        // Durations first, then lay the runs out backwards from the end.
        var durations = new long[total];
        for (int r = 0; r < total; r++)
        {
            bool cached = r % 2 == 1;
            double noise = 1 + Math.Clamp(0.04 * DemoNoise.G(seed, 11, r), -0.12, 0.12);
            var factor = !cached ? 1.0 : options.Workload == DemoWorkload.ReadOnce ? ReadOnceCachedSlowdown : CachedSpeedup;
            durations[r] = (long)(baseMs * factor * noise);
        }
        var starts = new long[total];
        long cursor = end.ToUnixTimeMilliseconds();
        for (int r = total - 1; r >= 0; r--)
        {
            starts[r] = cursor - durations[r];
            long gap = (long)(options.Gap.TotalMilliseconds * (0.8 + 0.4 * DemoNoise.U(seed, 12, r)));
            cursor = starts[r] - gap;
        }

        var runs = new List<DemoRun>(total);
        for (int r = 0; r < total; r++)
        {
            runs.Add(PlanRun(resolved, r, starts[r], starts[r] + durations[r]));
        }
        return new DemoDataset(resolved, runs);
    }

    /// <summary>App name of a variant, e.g. <c>cartesian-200k-cached</c> (or <c>readonce-200k-cached</c>).</summary>
    public static string AppName(long nRow, string variant, DemoWorkload workload = DemoWorkload.Cartesian) =>
        $"{(workload == DemoWorkload.ReadOnce ? "readonce" : "cartesian")}-{RowLabel(nRow)}-{variant}";

    /// <summary>Spark's <c>spark-app-name</c> label value: lower-cased, chars outside [a-z0-9-] → '-', max 63.</summary>
    public static string KubernetesName(string appName)
    {
        var sb = new StringBuilder(appName.Length);
        foreach (var ch in appName.ToLowerInvariant())
        {
            sb.Append(ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? ch : '-');
        }
        var s = sb.ToString().Trim('-');
        return s.Length > 63 ? s[..63] : s;
    }

    private static string RowLabel(long n) =>
        n % 1_000_000 == 0 ? (n / 1_000_000).ToString(CultureInfo.InvariantCulture) + "m"
        : n % 1000 == 0 ? (n / 1000).ToString(CultureInfo.InvariantCulture) + "k"
        : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plans one run of <paramref name="o"/> from <paramref name="startMs"/> to <paramref name="endMs"/> (unix ms); index r picks the variant (odd = cached) and the noise streams.</summary>
    internal static DemoRun PlanOne(DemoOptions o, int r, long startMs, long endMs) => PlanRun(o, r, startMs, endMs);

    private static DemoRun PlanRun(DemoOptions o, int r, long startMs, long endMs)
    {
        long seed = o.Seed;
        string variant = r % 2 == 1 ? DemoRun.Cached : DemoRun.NonCached;
        string name = AppName(o.NRow, variant, o.Workload);
        string k8s = KubernetesName(name);
        string appId = "spark-" + DemoNoise.Hex(seed, 32, 21, r);
        string prefix = k8s + "-" + DemoNoise.Hex(seed, 8, 22, r);
        long durMs = endMs - startMs;

        // Executors come up one by one over 10–20 s (less for very short runs).
        long spreadMs = (long)Math.Min(10_000 + 10_000 * DemoNoise.U(seed, 23, r), durMs * 0.06);
        long bootMs = Math.Min(3_000, durMs / 50);
        long registerMs = Math.Min(4_000, durMs / 40);
        var pods = new List<DemoPod>(o.Executors + 1)
        {
            Pod(o, r, 0, prefix + "-driver", "driver", null, startMs, startMs, endMs),
        };
        long lastRegistered = startMs;
        for (int i = 1; i <= o.Executors; i++)
        {
            double f = o.Executors == 1 ? 0 : (i - 1) / (double)(o.Executors - 1);
            long podStart = startMs + bootMs + (long)(spreadMs * f) + (long)(400 * DemoNoise.U(seed, 24, r, i));
            long registered = podStart + registerMs + (long)(1000 * DemoNoise.U(seed, 25, r, i) * registerMs / 4000.0);
            lastRegistered = Math.Max(lastRegistered, registered);
            pods.Add(Pod(o, r, i, $"{prefix}-exec-{i}", "executor", i.ToString(CultureInfo.InvariantCulture), podStart, registered, endMs));
        }

        long workStart = lastRegistered + Math.Min(1_000, durMs / 100);
        long shutdownMs = Math.Min(2_000, durMs / 100);
        long work = endMs - shutdownMs - workStart;
        // Read once: the cached run's first phase also writes the cache (0.38 × 1.12 ≈ 1.4 × the non-cached 0.30); the rest is as long.
        double[] fractions = o.Workload == DemoWorkload.ReadOnce
            ? (variant == DemoRun.Cached ? [0.38, 0.31, 0.31] : [0.30, 0.35, 0.35])
            : variant == DemoRun.Cached ? [0.32, 0.25, 0.43] : [0.18, 0.32, 0.50];
        long g = workStart + (long)(work * fractions[0]);
        long s = g + (long)(work * fractions[1]);
        long c = endMs - shutdownMs;
        var phases = new List<DemoPhase>
        {
            new(DemoPhases.ExecutorsStarting, Ms(startMs), Ms(workStart)),
            new(DemoPhases.GenerateInputs, Ms(workStart), Ms(g)),
            new(DemoPhases.GroupByShuffle, Ms(g), Ms(s)),
            new(DemoPhases.CartesianCount, Ms(s), Ms(c)),
        };
        return new DemoRun(r, appId, name, k8s, variant, r / 2 + 1, Ms(startMs), Ms(endMs), o.Executors, o.CoresPerExecutor,
            o.ExecutorMemoryBytes, o.Namespace, pods, phases, o.Workload);
    }

    private static DemoPod Pod(DemoOptions o, int r, int i, string name, string role, string? execId, long start, long registered, long end)
    {
        long seed = o.Seed;
        int node = 1 + (int)(DemoNoise.Hash(seed, 31, r, i) % 3);
        string ip = $"10.{200 + r % 50}.{node * 10 + i / 250}.{2 + i % 250}";
        string h = DemoNoise.Hex(seed, 32, 33, r * 100_003L + i);
        string uid = $"{h[..8]}-{h[8..12]}-4{h[13..16]}-a{h[17..20]}-{h[20..32]}";
        return new DemoPod(name, role, execId, $"demo-node-{node}", ip, uid, Ms(start), Ms(registered), Ms(end));
    }

    internal static DateTimeOffset Ms(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
