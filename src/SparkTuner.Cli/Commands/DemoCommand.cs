using System.CommandLine;
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

    /// <summary>The command: its options and what it does.</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var output = CliOptions.Text("--out", "FILE", "OpenMetrics output ('-' = stdout)", required: true);
        output.Validators.Add(r => { if (string.IsNullOrEmpty(r.GetValueOrDefault<string>())) r.AddError("--out FILE is required"); });
        var manifest = CliOptions.Text("--manifest", "FILE", "also write the truth (runs, pods, phases) as JSON");
        var seed = CliOptions.Integer("--seed", "random seed (default 42); same options give identical bytes");
        var runsPerVariant = CliOptions.Integer("--runs-per-variant", "runs of each variant, non-cached and cached (default 3)", 1, int.MaxValue);
        var executors = CliOptions.Integer("--executors", "executors per run (default 4)", 1, int.MaxValue);
        var cores = CliOptions.Integer("--cores", "cores per executor (default 2)", 1, int.MaxValue);
        var memory = CliOptions.Create<long?>("--executor-memory", "SIZE", "spark.executor.memory (default 4g)", (k, v) => CliArgs.Memory(k, v));
        var duration = CliOptions.Create("--duration", "D", "nominal non-cached run length, e.g. 240s or 4m (default 270s; cached ≈ 62 %)", Positive);
        var scale = CliOptions.Create("--duration-scale", "X", "scales the default run length (default 1)", Scale);
        var scrape = CliOptions.Create("--scrape-interval", "D", "scrape interval (default 5s)", Positive);
        var end = CliOptions.Create<DateTimeOffset?>("--end", "T",
            "end of the last run: RFC 3339, Unix seconds, now, now-30m (default now-30m)", (k, v) => CliArgs.Time(k, v, cli.Now));
        var nrow = CliOptions.Integer("--nrow", "rows per input DataFrame (default 200000 → cartesian-200k-…)", 1);
        var gap = CliOptions.Create<TimeSpan?>("--gap", "D", "pause between runs (default 90s)", (k, v) => CliArgs.Duration(k, v));
        var ns = CliOptions.Text("--namespace", "NS", "Kubernetes namespace (default spark-demo)");
        var workload = CliOptions.Create<DemoWorkload?>("--workload", "W",
            "cartesian (default: inputs reused by later stages, the cache pays off) or read-once (a dataset read by one stage: the cache costs more than it saves)",
            (k, v) => v.ToLowerInvariant() switch
            {
                "cartesian" => DemoWorkload.Cartesian,
                "read-once" or "readonce" => DemoWorkload.ReadOnce,
                _ => throw new UsageException($"{k} must be cartesian or read-once (got '{v}')"),
            }).Completing("cartesian", "read-once");
        var families = CliOptions.Create("--families", "LIST", "comma list of executors,servlet,cadvisor,ksm (default all)", Families)
            .Completing("all", "executors", "servlet", "cadvisor", "ksm");
        var command = new CliCommand(Name, Summary, "exit codes: 0 written, 1 the file could not be written, 2 usage error (one line on stderr).")
        {
            output, manifest, seed, runsPerVariant, executors, cores, memory, duration, scale, scrape, end, nrow, gap, ns, families, workload,
        };
        command.SetAction(result =>
        {
            var d = new DemoOptions();
            var options = d with
            {
                Seed = result.GetValue(seed) ?? d.Seed,
                RunsPerVariant = (int?)result.GetValue(runsPerVariant) ?? d.RunsPerVariant,
                Executors = (int?)result.GetValue(executors) ?? d.Executors,
                CoresPerExecutor = (int?)result.GetValue(cores) ?? d.CoresPerExecutor,
                ExecutorMemoryBytes = result.GetValue(memory) ?? d.ExecutorMemoryBytes,
                BaseDuration = result.GetValue(duration) ?? d.BaseDuration,
                DurationScale = result.GetValue(scale) ?? d.DurationScale,
                ScrapeInterval = result.GetValue(scrape) ?? d.ScrapeInterval,
                End = result.GetValue(end) ?? DateTimeOffset.FromUnixTimeSeconds(cli.Now.ToUnixTimeSeconds() - 1800),
                NRow = result.GetValue(nrow) ?? d.NRow,
                Gap = result.GetValue(gap) ?? d.Gap,
                Namespace = result.GetValue(ns) ?? d.Namespace,
                Families = result.GetValue(families) ?? d.Families,
                Workload = result.GetValue(workload) ?? d.Workload,
            };
            return Write(options, result.GetRequiredValue(output), result.GetValue(manifest), cli);
        });
        return command;
    }

    /// <summary>Generates and writes the demo; 0 ok, 1 failure, 2 invalid options (one line on stderr).</summary>
    private static int Write(DemoOptions options, string outPath, string? manifestPath, CliContext cli)
    {
        var stdout = cli.Out;
        var stderr = cli.Error;
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
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
                // Writing is the long part (minutes for hundreds of executors): a progress line on a terminal's stderr.
                result = CliConsole.Progress(stderr, $"writing {outPath}", () => new FileInfo(full) is { Exists: true } f ? f.Length : 0, () =>
                {
                    using var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    return dataset.WriteOpenMetrics(writer);
                });
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

    private static DemoFamilies? Families(string k, string v)
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

    private static TimeSpan? Positive(string k, string v)
    {
        var d = CliArgs.Duration(k, v);
        return d > TimeSpan.Zero ? d : throw new UsageException($"{k} must be positive (got {d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
    }

    private static double? Scale(string k, string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && !double.IsInfinity(x)
            ? x : throw new UsageException($"{k} must be a positive number (got '{v}')");
}
