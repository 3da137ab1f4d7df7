using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SparkTuner.Demo;

/// <summary>
/// Options of the live demo: one run at a time of the cartesian cache experiment, non-cached and cached in turn, a new
/// one every <see cref="Every"/> from <see cref="Origin"/>. DEMO DATA, modelled like <see cref="DemoGenerator"/>'s runs.
/// </summary>
public sealed record LiveDemoOptions
{
    /// <summary>Seed of every random choice; with the same <see cref="Origin"/> the same runs, ids and values.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Start of the first run; runs start at Origin + i × <see cref="Every"/>.</summary>
    public DateTimeOffset Origin { get; init; }

    /// <summary>Time between two run starts (default 3 minutes).</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Nominal length of a non-cached run (default 150 s; cached runs take about 62 % of it).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>Executors per run.</summary>
    public int Executors { get; init; } = 4;

    /// <summary>Cores per executor.</summary>
    public int CoresPerExecutor { get; init; } = 2;

    /// <summary>Rows per input DataFrame (names the apps, e.g. <c>cartesian-200k-cached</c>).</summary>
    public long NRow { get; init; } = 200_000;

    /// <summary>Tasks that fail, on executor 1 of every non-cached run, at the start of its groupBy shuffle (0: none).</summary>
    public int FailedTasks { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> with one line when an option is out of range.</summary>
    public void Validate()
    {
        var demo = Demo();
        demo.Validate();
        // The longest run (+12 % noise) must end before the next one starts: one application at a time.
        if (Duration.TotalSeconds * 1.12 + 1 > Every.TotalSeconds)
            throw new ArgumentException($"every ({Every.TotalSeconds} s) must be longer than the run duration + 12 % ({Duration.TotalSeconds * 1.12:0.#} s)");
        if (FailedTasks is < 0 or > 1000) throw new ArgumentException($"failed tasks must be between 0 and 1000 (got {FailedTasks})");
    }

    internal DemoOptions Demo() => new()
    {
        Seed = Seed, Executors = Executors, CoresPerExecutor = CoresPerExecutor, NRow = NRow, BaseDuration = Duration,
        ScrapeInterval = TimeSpan.FromSeconds(1), RunsPerVariant = 1,
    };
}

/// <summary>What the live demo is doing at one instant (its <c>/demo/status</c> JSON).</summary>
/// <param name="Run">the run in progress, or null between runs</param>
/// <param name="NextStart">when the next run starts</param>
/// <param name="FailedTasksAt">when the run in progress reports its failed tasks (non-cached runs), or null</param>
public sealed record LiveDemoStatus(DemoRun? Run, DateTimeOffset NextStart, DateTimeOffset? FailedTasksAt);

/// <summary>
/// A demo Spark application in progress, rendered on demand in Spark's exact exposition formats (DEMO DATA): the driver's
/// <c>/metrics/executors/prometheus</c> (PrometheusResource, Spark 3.5: <c>spark_info</c> then one block per active
/// executor, labels joined by ", ", Scala's number printing) and its PrometheusServlet <c>/metrics/prometheus</c>
/// (<c>spark.metrics.namespace=${spark.app.name}</c>, <c>{type="gauges"}</c> Number/Value pairs sorted by registry key,
/// then counters), with the same names and model as the backfilled demo. Thread-safe; values are stepped forward with
/// the clock (a read at an earlier instant than the last one gets the last state).
/// </summary>
public sealed class LiveDemo
{
    /// <summary>Comment line first in every answer: Prometheus' text parser ignores it; a reader learns what this is.</summary>
    public const string DemoComment = "# DEMO DATA served by 'sparktuner demo-live' (modelled, not a Spark driver)";

    private readonly LiveDemoOptions _options;
    private readonly DemoOptions _demo;
    private readonly Lock _lock = new();
    private long _index = -1;
    private DemoRun? _run;
    private ClusterModel? _model;
    private long _stepped;

    /// <summary>Creates the demo.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LiveDemo(LiveDemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _demo = options.Demo();
    }

    /// <summary>The options.</summary>
    public LiveDemoOptions Options => _options;

    /// <summary>The run of slot <paramref name="index"/> (planned whether or not it is in progress).</summary>
    public DemoRun PlanRun(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        long start = _options.Origin.ToUnixTimeMilliseconds() + index * (long)_options.Every.TotalMilliseconds;
        bool cached = index % 2 == 1;
        double noise = 1 + Math.Clamp(0.04 * DemoNoise.G(_options.Seed, 51, index), -0.12, 0.12);
        long duration = (long)(_options.Duration.TotalMilliseconds * (cached ? DemoGenerator.CachedSpeedup : 1.0) * noise);
        // 1,000,000 + index keeps the variant's parity and gives streams apart from the backfilled runs'.
        var run = DemoGenerator.PlanOne(_demo, (int)(1_000_000 + index), start, start + duration);
        // The id comes from the seed and the start second: a restarted demo never reuses an earlier session's id.
        return run with { AppId = "spark-" + DemoNoise.Hex(_options.Seed, 32, 52, start / 1000) };
    }

    /// <summary>What runs at <paramref name="now"/>.</summary>
    public LiveDemoStatus Status(DateTimeOffset now)
    {
        long index = Slot(now);
        var run = index < 0 ? null : PlanRun(index);
        var next = _options.Origin + _options.Every * (index + 1);
        if (run is null || now > run.End) return new LiveDemoStatus(null, next, null);
        return new LiveDemoStatus(run, next, FailureTime(run));
    }

    /// <summary>The driver's <c>/metrics/executors/prometheus</c> text at <paramref name="now"/>, or null between runs (no driver).</summary>
    public string? ExecutorsEndpoint(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!Advance(now, out var run, out var model, out long t)) return null;
            var sb = new StringBuilder(16_384);
            sb.Append(DemoComment).Append('\n');
            sb.Append("spark_info{version=\"").Append(DemoDataset.SparkVersion).Append("\", revision=\"")
              .Append(DemoDataset.SparkRevision).Append("\"} 1.0\n");
            var failedAt = FailureTime(run);
            for (int p = 0; p < run.Pods.Count; p++)
            {
                var pod = run.Pods[p];
                // The driver lists active executors only: registered and not yet stopped.
                if (t < pod.Registered.ToUnixTimeMilliseconds()) continue;
                var m = p == 0 ? model.Driver : model.Executors[p - 1];
                var labels = $"{{application_id=\"{run.AppId}\", application_name=\"{run.Name}\", executor_id=\"{pod.ExecutorId ?? "driver"}\"}}";
                foreach (var (name, value) in DemoDataset.ExecutorLines)
                {
                    double v = value(m);
                    if (name == "failedTasks_total" && p == 1 && failedAt is { } f && t >= f.ToUnixTimeMilliseconds()) v += _options.FailedTasks;
                    sb.Append("metrics_executor_").Append(name).Append(labels).Append(' ');
                    // PrometheusResource multiplies Spark's millisecond longs by 0.001 for the *_seconds_total lines.
                    sb.Append(name.Contains("_seconds", StringComparison.Ordinal) ? JavaDouble(Math.Round(v * 1000) * 0.001) : Long(v)).Append('\n');
                }
            }
            return sb.ToString();
        }
    }

    /// <summary>The driver's PrometheusServlet text (<c>/metrics/prometheus</c>) at <paramref name="now"/>, or null between runs.</summary>
    public string? ServletEndpoint(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!Advance(now, out var run, out var model, out _)) return null;
            var sb = new StringBuilder(16_384);
            sb.Append(DemoComment).Append('\n');
            var keys = DemoDataset.ServletKeys().ToArray();
            // The servlet prints all gauges, then all counters, each sorted by registry key (ordinal).
            foreach (var gauge in new[] { true, false })
            {
                foreach (var (key, _, _, value) in keys.Where(k => k.Gauge == gauge).OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    double v = value(model);
                    // jvm.heap.usage is a Double gauge (Java toString); the others are Long or Integer.
                    string text = key == "jvm.heap.usage" ? JavaDouble(v) : Long(v);
                    foreach (var suffix in gauge ? new[] { "Number", "Value" } : ["Count"])
                    {
                        sb.Append(DemoDataset.ServletMetricName($"{run.Name}.driver.{key}", suffix))
                          .Append(gauge ? "{type=\"gauges\"} " : "{type=\"counters\"} ").Append(text).Append('\n');
                    }
                }
            }
            return sb.ToString();
        }
    }

    private static readonly (string Name, string Type, string Help, bool Network, Func<PodModel, double> Value)[] CadvisorFamilies =
    [
        ("container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.", false, m => Math.Round(m.S.CpuSeconds * 1000) / 1000),
        ("container_memory_rss", "gauge", "Size of RSS in bytes.", false, m => Math.Floor(m.S.WorkingSet - 20 * PodState.MiB)),
        ("container_memory_working_set_bytes", "gauge", "Current working set in bytes.", false, m => Math.Floor(m.S.WorkingSet)),
        ("container_network_receive_bytes_total", "counter", "Cumulative count of bytes received", true, m => Math.Floor(m.S.NetRx)),
        ("container_network_transmit_bytes_total", "counter", "Cumulative count of bytes transmitted", true, m => Math.Floor(m.S.NetTx)),
        ("container_spec_memory_limit_bytes", "gauge", "Memory limit for the container.", false, m => Math.Floor(m.PodMemoryLimit)),
    ];

    /// <summary>
    /// The kubelet's <c>/metrics/cadvisor</c> text for the run's pods at <paramref name="now"/> (HELP and TYPE per family,
    /// families sorted by name, samples with the scrape time in ms as cAdvisor writes them; container series per Spark
    /// container, network at pod level), or null between runs. The same series and values as the backfilled demo's,
    /// without the scrape's own labels (Prometheus adds job and instance).
    /// </summary>
    public string? CadvisorEndpoint(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!Advance(now, out var run, out var model, out long t)) return null;
            var sb = new StringBuilder(8_192);
            sb.Append(DemoComment).Append('\n');
            foreach (var (name, type, help, network, value) in CadvisorFamilies)
            {
                sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                for (int p = 0; p < run.Pods.Count; p++)
                {
                    var pod = run.Pods[p];
                    if (t < pod.Start.ToUnixTimeMilliseconds()) continue;
                    var m = p == 0 ? model.Driver : model.Executors[p - 1];
                    sb.Append(name).Append('{');
                    if (network)
                    {
                        var sandbox = DemoNoise.Hex(_options.Seed, 64, 302, run.Index * 100_003L + p);
                        sb.Append($"id=\"/kubepods/burstable/pod{pod.Uid}\",interface=\"eth0\",name=\"{sandbox}\",namespace=\"{run.Namespace}\",pod=\"{pod.Name}\"");
                    }
                    else
                    {
                        var cid = DemoNoise.Hex(_options.Seed, 64, 301, run.Index * 100_003L + p);
                        var container = p == 0 ? "spark-kubernetes-driver" : "spark-kubernetes-executor";
                        sb.Append($"container=\"{container}\",id=\"/kubepods/burstable/pod{pod.Uid}/{cid}\",image=\"{DemoDataset.Image}\",name=\"{cid}\",namespace=\"{run.Namespace}\",pod=\"{pod.Name}\"");
                    }
                    var v = value(m);
                    sb.Append("} ").Append(GoFloat(v))
                      .Append(' ').Append(t.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
            return sb.ToString();
        }
    }

    /// <summary>
    /// kube-state-metrics' <c>kube_pod_labels</c> for the run's pods at <paramref name="now"/> (with
    /// <c>--metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name]</c>), or null between runs.
    /// </summary>
    public string? KubeStateMetricsEndpoint(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!Advance(now, out var run, out _, out long t)) return null;
            var sb = new StringBuilder(2_048);
            sb.Append(DemoComment).Append('\n');
            sb.Append("# HELP kube_pod_labels [STABLE] Kubernetes labels converted to Prometheus labels.\n# TYPE kube_pod_labels gauge\n");
            foreach (var pod in run.Pods.Where(p => t >= p.Start.ToUnixTimeMilliseconds()))
            {
                var exec = pod.ExecutorId is null ? "" : $",label_spark_exec_id=\"{pod.ExecutorId}\"";
                sb.Append($"kube_pod_labels{{namespace=\"{run.Namespace}\",pod=\"{pod.Name}\",uid=\"{pod.Uid}\",label_spark_app_name=\"{run.KubernetesAppName}\",label_spark_app_selector=\"{run.AppId}\"{exec},label_spark_role=\"{pod.Role}\"}} 1\n");
            }
            return sb.ToString();
        }
    }

    /// <summary><see cref="Status"/> as JSON (ISO 8601 times), with <c>"demo": true</c>.</summary>
    public string StatusJson(DateTimeOffset now)
    {
        var s = Status(now);
        var json = new
        {
            demo = true,
            note = "DEMO DATA served by sparktuner demo-live (modelled, not a Spark cluster)",
            now,
            nextStart = s.NextStart,
            run = s.Run is not { } r ? null : new
            {
                id = r.AppId,
                name = r.Name,
                variant = r.Variant,
                start = r.Start,
                end = r.End,
                executors = r.Executors,
                phases = r.Phases.Select(p => new { name = p.Name, start = p.Start, end = p.End }),
                failedTasksAt = s.FailedTasksAt,
            },
        };
        return JsonSerializer.Serialize(json);
    }

    private DateTimeOffset? FailureTime(DemoRun run) =>
        run.IsCached || _options.FailedTasks == 0 ? null : run.Phases[2].Start;

    private long Slot(DateTimeOffset now)
    {
        var since = now - _options.Origin;
        return since < TimeSpan.Zero ? -1 : (long)Math.Floor(since / _options.Every);
    }

    private bool Advance(DateTimeOffset now, out DemoRun run, out ClusterModel model, out long t)
    {
        run = null!;
        model = null!;
        t = now.ToUnixTimeMilliseconds();
        long index = Slot(now);
        if (index < 0) return false;
        if (index != _index)
        {
            _index = index;
            _run = PlanRun(index);
            _model = new ClusterModel(_demo, _run, withExecutors: true);
            _stepped = _run.Start.ToUnixTimeMilliseconds();
        }
        run = _run!;
        model = _model!;
        if (t > run.End.ToUnixTimeMilliseconds()) return false;
        // Never step backwards (two scrapers, a clock jump): an earlier read gets the latest state.
        if (t > _stepped)
        {
            model.Step(t);
            _stepped = t;
        }
        t = _stepped;
        return true;
    }

    private static string Long(double v) => ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Java's <c>Double.toString</c>: plain decimals with at least one fractional digit for 10^-3 ≤ |v| &lt; 10^7
    /// (<c>62.168</c>, <c>0.0</c>), otherwise <c>d.dddE±n</c> (<c>1.0E-4</c>, <c>2.5E9</c>); shortest round-trip digits.
    /// </summary>
    public static string JavaDouble(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "Infinity";
        if (double.IsNegativeInfinity(v)) return "-Infinity";
        if (v == 0) return double.IsNegative(v) ? "-0.0" : "0.0";
        var (digits, exp10) = ShortestDigits(v);
        string sign = v < 0 ? "-" : "";
        double a = Math.Abs(v);
        if (a >= 1e-3 && a < 1e7)
        {
            string whole, fraction;
            if (exp10 <= 0)
            {
                whole = "0";
                fraction = new string('0', -exp10) + digits;
            }
            else if (exp10 >= digits.Length)
            {
                whole = digits + new string('0', exp10 - digits.Length);
                fraction = "0";
            }
            else
            {
                whole = digits[..exp10];
                fraction = digits[exp10..];
            }
            return sign + whole + "." + fraction;
        }
        string mantissa = digits.Length == 1 ? digits + ".0" : digits[..1] + "." + digits[1..];
        return sign + mantissa + "E" + (exp10 - 1).ToString(CultureInfo.InvariantCulture);
    }
    /// <summary>
    /// Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> as client_golang's text format writes a sample (cAdvisor, the
    /// kubelet): shortest digits, <c>%e</c> form (<c>1.073741824e+09</c>, <c>1e-05</c>) when the decimal exponent is below
    /// −4 or at least 6, plain otherwise (<c>123456</c>, <c>12.345</c>).
    /// </summary>
    public static string GoFloat(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        if (v == 0) return "0";
        var (digits, dp) = ShortestDigits(v);
        string sign = v < 0 ? "-" : "";
        int exp = dp - 1;
        // strconv (ftoa.go): %e when exp < -4 || exp >= eprec, and eprec is 6 for the shortest form
        // (hence the familiar process_resident_memory_bytes 2.1012224e+07).
        if (exp < -4 || exp >= 6)
        {
            string mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            int abs = Math.Abs(exp);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs.ToString(CultureInfo.InvariantCulture);
        }
        if (dp <= 0) return sign + "0." + new string('0', -dp) + digits;
        if (dp >= digits.Length) return sign + digits + new string('0', dp - digits.Length);
        return sign + digits[..dp] + "." + digits[dp..];
    }

    /// <summary>The shortest round-trip decimal digits of |v| (no leading or trailing zeros) and where the point goes: |v| = 0.digits × 10^exp10.</summary>
    private static (string Digits, int Exp10) ShortestDigits(double v)
    {
        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        int e = 0;
        int ePos = r.IndexOf('E', StringComparison.Ordinal);
        if (ePos >= 0)
        {
            e = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }
        int dot = r.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot < 0 ? r : r[..dot], frac = dot < 0 ? "" : r[(dot + 1)..];
        string all = intPart + frac;
        string digits = all.TrimStart('0');
        int lead = all.Length - digits.Length;
        digits = digits.TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, intPart.Length - lead + e);
    }
}
