using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparkTuner.Demo;

namespace SparkTuner.Cli.Commands;

/// <summary><c>sparktuner demo</c>: writes the demo OpenMetrics file (and manifest) of the cartesian cache experiment.</summary>
public static class DemoCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "demo";

    /// <summary>One-line description.</summary>
    public const string Summary = "write DEMO runs (cached vs non-cached cartesian) as OpenMetrics for promtool backfill";

    private static readonly string[] Known =
    [
        "--out", "--manifest", "--seed", "--runs-per-variant", "--executors", "--cores", "--executor-memory", "--duration",
        "--duration-scale", "--scrape-interval", "--end", "--nrow", "--gap", "--namespace", "--families",
    ];

    private const string Usage = """
        usage: sparktuner demo --out FILE [options]
          --out FILE               OpenMetrics output ('-' = stdout)
          --manifest FILE          also write the truth (runs, pods, phases) as JSON
          --seed N                 random seed (default 42); same options give identical bytes
          --runs-per-variant N     runs of each variant, non-cached and cached (default 3)
          --executors N            executors per run (default 4)
          --cores N                cores per executor (default 2)
          --executor-memory SIZE   spark.executor.memory (default 4g)
          --duration D             nominal non-cached run length, e.g. 240s or 4m (default 270s; cached ≈ 62 %)
          --duration-scale X       scales the default run length (default 1)
          --scrape-interval D      scrape interval (default 5s)
          --end T                  end of the last run: RFC 3339, Unix seconds, now, now-30m (default now-30m)
          --nrow N                 rows per input DataFrame (default 200000 → cartesian-200k-…)
          --gap D                  pause between runs (default 90s)
          --namespace NS           Kubernetes namespace (default spark-demo)
          --families LIST          comma list of executors,servlet,cadvisor,ksm (default all)
        """;

    /// <summary>Runs the command; 0 ok, 1 failure, 2 usage error (one line on stderr).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, DateTimeOffset.UtcNow);

    /// <summary>Same with a fixed "now" (for tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        DemoOptions options;
        string outPath;
        string? manifestPath;
        try
        {
            (options, outPath, manifestPath) = ParseOptions(args, now);
            options.Validate();
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            stderr.WriteLine("error: " + e.Message);
            return CommandDispatcher.UsageError;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var dataset = DemoGenerator.Generate(options);
            DemoWriteResult result;
            long bytes;
            if (outPath == "-")
            {
                result = dataset.WriteOpenMetrics(stdout);
                bytes = -1;
            }
            else
            {
                var full = Path.GetFullPath(outPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                using (var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
                {
                    result = dataset.WriteOpenMetrics(writer);
                }
                bytes = new FileInfo(full).Length;
            }
            if (manifestPath is not null)
            {
                var full = Path.GetFullPath(manifestPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, DemoManifest.From(dataset).ToJson() + "\n");
            }
            var runs = dataset.Runs;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"demo: {runs.Count} runs ({options.RunsPerVariant} noncached + {options.RunsPerVariant} cached, {options.Executors} executors), " +
                $"{result.Series} series, {result.Samples} samples, {(bytes < 0 ? "stdout" : FormatBytes(bytes))}, " +
                $"{runs[0].Start:yyyy-MM-ddTHH:mm:ssZ}..{runs[^1].End:yyyy-MM-ddTHH:mm:ssZ}, {watch.Elapsed.TotalSeconds:0.00} s"));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpenMetricsValidationException)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static string FormatBytes(long b) => b >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:0.0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{b} bytes");

    private static (DemoOptions, string, string?) ParseOptions(string[] args, DateTimeOffset now)
    {
        var m = CliArgs.Parse(args, Known, []);
        if (!m.TryGetValue("--out", out var outPath) || outPath.Length == 0) throw new UsageException("--out FILE is required");
        var o = new DemoOptions();
        foreach (var (k, v) in m)
        {
            o = k switch
            {
                "--seed" => o with { Seed = CliArgs.Integer(k, v) },
                "--runs-per-variant" => o with { RunsPerVariant = AtLeastOne(k, v) },
                "--executors" => o with { Executors = AtLeastOne(k, v) },
                "--cores" => o with { CoresPerExecutor = AtLeastOne(k, v) },
                "--executor-memory" => o with { ExecutorMemoryBytes = CliArgs.Memory(k, v) },
                "--duration" => o with { BaseDuration = Positive(k, CliArgs.Duration(k, v)) },
                "--duration-scale" => o with { DurationScale = Scale(k, v) },
                "--scrape-interval" => o with { ScrapeInterval = Positive(k, CliArgs.Duration(k, v)) },
                "--end" => o with { End = CliArgs.Time(k, v, now) },
                "--nrow" => o with { NRow = Math.Max(1, AtLeastOneLong(k, v)) },
                "--gap" => o with { Gap = CliArgs.Duration(k, v) },
                "--namespace" => o with { Namespace = v },
                "--families" => o with { Families = Families(k, v) },
                _ => o,
            };
        }
        if (o.End is null) o = o with { End = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() - 1800) };
        return (o, outPath, m.GetValueOrDefault("--manifest"));
    }

    private static DemoFamilies Families(string k, string v)
    {
        var f = DemoFamilies.None;
        foreach (var part in v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            f |= part switch
            {
                "all" => DemoFamilies.All,
                "executors" => DemoFamilies.ExecutorEndpoint,
                "servlet" => DemoFamilies.Servlet,
                "cadvisor" => DemoFamilies.Cadvisor,
                "ksm" => DemoFamilies.KubeStateMetrics,
                _ => throw new UsageException($"{k} takes executors,servlet,cadvisor,ksm or all (got '{part}')"),
            };
        }
        return f == DemoFamilies.None ? throw new UsageException($"{k} must name at least one source (got '{v}')") : f;
    }

    private static int AtLeastOne(string k, string v)
    {
        long n = CliArgs.Integer(k, v);
        if (n < 1) throw new UsageException($"{k} must be at least 1 (got {v})");
        if (n > int.MaxValue) throw new UsageException($"{k} is too large (got {v})");
        return (int)n;
    }

    private static long AtLeastOneLong(string k, string v)
    {
        long n = CliArgs.Integer(k, v);
        if (n < 1) throw new UsageException($"{k} must be at least 1 (got {v})");
        return n;
    }

    private static TimeSpan Positive(string k, TimeSpan d) =>
        d > TimeSpan.Zero ? d : throw new UsageException($"{k} must be positive (got {d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");

    private static double Scale(string k, string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && !double.IsInfinity(x)
            ? x : throw new UsageException($"{k} must be a positive number (got '{v}')");
}
