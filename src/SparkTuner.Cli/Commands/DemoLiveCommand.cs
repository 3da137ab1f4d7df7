using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using SparkTuner.Demo;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// <c>sparktuner demo-live</c>: serves a DEMO Spark application in progress — a new one every few minutes, non-cached and
/// cached in turn — on Spark's driver endpoints, for a real Prometheus to scrape in real time. Runs until Ctrl-C / SIGTERM.
/// </summary>
public static class DemoLiveCommand
{
    /// <summary>Command name.</summary>
    public const string Name = "demo-live";

    /// <summary>One-line description.</summary>
    public const string Summary = "serve a DEMO Spark run in progress on Spark's metrics endpoints (a new run every few minutes)";

    /// <summary>The command: its options and what it does (until Ctrl-C or SIGTERM; 0 ok, 1 the port cannot be bound, 2 usage error).</summary>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var port = CliOptions.Integer("--port", "TCP port (default 4040, the Spark driver UI's)", 1, 65535);
        var host = CliOptions.Create("--host", "H", "loopback address to bind (default 127.0.0.1)",
            (k, v) => IPAddress.TryParse(v, out var ip) && IPAddress.IsLoopback(ip) ? v : throw new UsageException($"{k} must be a loopback address (got '{v}')"));
        var seed = CliOptions.Integer("--seed", "random seed (default 42): same seed and start, same runs and values");
        var every = CliOptions.Create("--every", "D", "time between two run starts, e.g. 3m (default 3m)", Positive);
        var duration = CliOptions.Create("--duration", "D", "nominal non-cached run length (default 150s; cached ≈ 62 %)", Positive);
        var executors = CliOptions.Integer("--executors", "executors per run (default 4)", 1, 10_000);
        var failed = CliOptions.Integer("--failed-tasks", "tasks that fail on executor 1 of each non-cached run at its groupBy (default 2; 0: none)", 0, 1000);
        var start = CliOptions.Create<DateTimeOffset?>("--start", "T", "start of the first run: RFC 3339, Unix seconds, now, now+10s (default now)",
            (k, v) => CliArgs.Time(k, v, cli.Now));
        var command = new CliCommand(Name, Summary,
            "endpoints: /metrics/executors/prometheus (spark.ui.prometheus.enabled), /metrics/prometheus (PrometheusServlet,\n" +
            "spark.metrics.namespace=${spark.app.name}, driver JvmSource), /metrics/cadvisor (the kubelet's, for the run's pods),\n" +
            "/metrics/kube-state-metrics (kube_pod_labels), /demo/status (JSON: the run in progress, its phases).\n" +
            "Between runs the metrics endpoints answer 503, as a stopped driver cannot answer at all.\n" +
            "exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 the port cannot be bound, 2 usage error.")
        {
            port, host, seed, every, duration, executors, failed, start,
        };
        command.SetAction(result =>
        {
            var d = new LiveDemoOptions();
            var options = d with
            {
                Seed = result.GetValue(seed) ?? d.Seed,
                Every = result.GetValue(every) ?? d.Every,
                Duration = result.GetValue(duration) ?? d.Duration,
                Executors = (int?)result.GetValue(executors) ?? d.Executors,
                FailedTasks = (int?)result.GetValue(failed) ?? d.FailedTasks,
                // Whole seconds: the run ids derive from the start second.
                Origin = DateTimeOffset.FromUnixTimeSeconds((result.GetValue(start) ?? cli.Now).ToUnixTimeSeconds()),
            };
            return Serve(options, (int)(result.GetValue(port) ?? 4040), result.GetValue(host) ?? "127.0.0.1", cli);
        });
        return command;
    }

    private static TimeSpan? Positive(string k, string v)
    {
        var d = CliArgs.Duration(k, v);
        return d > TimeSpan.Zero ? d : throw new UsageException($"{k} must be positive (got {d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
    }

    private static int Serve(LiveDemoOptions options, int port, string host, CliContext cli)
    {
        LiveDemo demo;
        try
        {
            demo = new LiveDemo(options);
        }
        catch (ArgumentException e)
        {
            cli.Error.WriteLine("error: " + e.Message);
            return CommandDispatcher.UsageError;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            using var server = DemoLiveServer.Start(demo, host, port, TimeProvider.System);
            var first = demo.PlanRun(0);
            cli.Out.WriteLine($"demo-live on {server.BaseUrl} (DEMO DATA): /metrics/executors/prometheus, /metrics/prometheus, /metrics/cadvisor, /metrics/kube-state-metrics, /demo/status; " +
                $"a run every {options.Every.TotalSeconds:0} s from {options.Origin:O}, first {first.Name} {first.AppId}; Ctrl-C stops");
            cli.Out.Flush();
            stop.Token.WaitHandle.WaitOne();
            return 0;
        }
        catch (HttpListenerException e)
        {
            cli.Error.WriteLine($"error: cannot listen on {host}:{port}: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary>The live demo's endpoints at the clock's "now", on a <see cref="LoopbackHttpServer"/>.</summary>
public sealed class DemoLiveServer : IDisposable
{
    private readonly LoopbackHttpServer _server;

    private DemoLiveServer(LoopbackHttpServer server) => _server = server;

    /// <summary>http://host:port (no trailing slash).</summary>
    public string BaseUrl => _server.BaseUrl;

    /// <summary>Starts listening on http://<paramref name="host"/>:<paramref name="port"/>/.</summary>
    /// <exception cref="HttpListenerException">The port is taken or cannot be bound.</exception>
    public static DemoLiveServer Start(LiveDemo demo, string host, int port, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(demo);
        ArgumentNullException.ThrowIfNull(clock);
        return new DemoLiveServer(LoopbackHttpServer.Start(host, port,
            url => Answer(demo, url.AbsolutePath, clock.GetUtcNow()),
            (405, "text/plain; charset=utf-8", "only GET is supported\n")));
    }

    /// <summary>The answer to GET <paramref name="path"/> at <paramref name="now"/>: status, content type, body.</summary>
    public static (int Status, string ContentType, string Body) Answer(LiveDemo demo, string path, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(demo);
        const string text = "text/plain; charset=utf-8";
        string? body;
        switch (path.TrimEnd('/'))
        {
            case "/metrics/executors/prometheus":
                body = demo.ExecutorsEndpoint(now);
                break;
            case "/metrics/prometheus":
                body = demo.ServletEndpoint(now);
                break;
            case "/metrics/cadvisor":
                body = demo.CadvisorEndpoint(now);
                break;
            case "/metrics/kube-state-metrics":
                body = demo.KubeStateMetricsEndpoint(now);
                break;
            case "/demo/status":
                return (200, "application/json", demo.StatusJson(now));
            default:
                return (404, text, "not found: the demo serves /metrics/executors/prometheus, /metrics/prometheus, /metrics/cadvisor, /metrics/kube-state-metrics and /demo/status\n");
        }
        return body is null
            ? (503, text, $"no Spark application is running (DEMO DATA): the next starts at {demo.Status(now).NextStart:O}\n")
            : (200, text, body);
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _server.Dispose();
}
