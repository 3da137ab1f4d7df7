using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using SparkTuner.Deploy.Tests.Manifests;
using SparkTuner.TestSupport;

namespace SparkTuner.Deploy.Tests;

/// <summary>
/// deploy/spark: the Spark settings agree with each other, the PodMonitor and ServiceMonitor pass the strict check and
/// scrape both driver endpoints on one port, and a real Prometheus scraping the real Spark exposition formats (the
/// shared fixtures, served on loopback) through the monitors' relabelling keeps application_id and executor_id, ties
/// the servlet's series to the same target, and drops only what the rule means to drop.
/// </summary>
public sealed class SparkSideTests
{
    private static string SparkDir(params string[] parts) => Path.Combine([RepoPaths.Root, "deploy", "spark", .. parts]);

    private static T LoadOne<T>(string file) =>
        Assert.IsType<T>(Assert.Single(StrictManifests.Load(File.ReadAllText(SparkDir(file)), file)));

    /// <summary>spark-defaults.conf as key → value (whitespace-separated, comments dropped).</summary>
    private static Dictionary<string, string> SparkDefaults() => File.ReadAllLines(SparkDir("spark-defaults.conf"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => Regex.Match(l, @"^(\S+)\s+(.+)$")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

    [Fact]
    public void SparkDefaults_EnableBothEndpointsAndNameTheServletAfterTheApp_SameSinkAsMetricsProperties()
    {
        var defaults = SparkDefaults();
        var properties = File.ReadAllLines(SparkDir("metrics.properties"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal("true", defaults["spark.ui.prometheus.enabled"]);
        Assert.Equal("${spark.app.name}", defaults["spark.metrics.namespace"]);
        Assert.Equal("org.apache.spark.metrics.sink.PrometheusServlet", properties["*.sink.prometheusServlet.class"]);
        // The spark.metrics.conf.* lines are metrics.properties without a file: the same keys and values.
        var inline = defaults.Where(d => d.Key.StartsWith("spark.metrics.conf.", StringComparison.Ordinal))
            .ToDictionary(d => d.Key["spark.metrics.conf.".Length..], d => d.Value);
        Assert.Equal(properties.OrderBy(p => p.Key), inline.OrderBy(p => p.Key));
    }

    [Fact]
    public void PodMonitor_DriverPods_BothEndpointsOnTheUiPortWithHonorLabels()
    {
        var monitor = LoadOne<PodMonitor>("podmonitor.yaml");

        Assert.Equal("driver", monitor.Spec.Selector!.MatchLabels["spark-role"]);
        Assert.Equal(["/metrics/executors/prometheus", "/metrics/prometheus"], monitor.Spec.PodMetricsEndpoints.Select(e => e.Path));
        Assert.All(monitor.Spec.PodMetricsEndpoints, e =>
        {
            Assert.Equal("spark-ui", e.Port);
            Assert.True(e.HonorLabels);
        });
    }

    [Fact]
    public void ServiceMonitor_SelectsTheLabelSparkDefaultsPutsOnTheDriverService()
    {
        var monitor = LoadOne<ServiceMonitor>("servicemonitor.yaml");
        var label = SparkDefaults().Single(d => d.Key.StartsWith("spark.kubernetes.driver.service.label.", StringComparison.Ordinal));

        var (key, value) = Assert.Single(monitor.Spec.Selector!.MatchLabels);
        Assert.Equal(label.Key["spark.kubernetes.driver.service.label.".Length..], key);
        Assert.Equal(label.Value, value);
        Assert.Equal(["/metrics/executors/prometheus", "/metrics/prometheus"], monitor.Spec.Endpoints.Select(e => e.Path));
        Assert.All(monitor.Spec.Endpoints, e => Assert.True(e.Port == "spark-ui" && e.HonorLabels == true));
    }

    [Fact]
    public async Task KubeStateMetricsPatch_AddsTheSparkLabelAllowlist_SameAsTheReadmeAndTheHelmValues()
    {
        var root = ServerProcess.NewRoot("ksm");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "ksm.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: kube-state-metrics}
                spec:
                  selector: {matchLabels: {app: ksm}}
                  template:
                    metadata: {labels: {app: ksm}}
                    spec:
                      containers:
                        - name: kube-state-metrics
                          image: kube-state-metrics
                          args: [--port=8081]
                """);
            File.Copy(SparkDir("kube-state-metrics", "allowlist-patch.yaml"), Path.Combine(root, "allowlist-patch.yaml"));
            await File.WriteAllTextAsync(Path.Combine(root, "kustomization.yaml"),
                "resources: [ksm.yaml]\npatches:\n  - path: allowlist-patch.yaml\n    target: {kind: Deployment, name: kube-state-metrics}\n");

            var deployment = Assert.IsType<V1Deployment>(Assert.Single(StrictManifests.Load(await Kustomize.RenderAsync(root), root)));
            var args = deployment.Spec.Template.Spec.Containers.Single().Args;

            Assert.Equal("--port=8081", args[0]);
            var allowlist = Assert.Single(args, a => a.StartsWith("--metric-labels-allowlist=", StringComparison.Ordinal));
            Assert.Equal("--metric-labels-allowlist=pods=[spark-app-selector,spark-role,spark-exec-id,spark-app-name]", allowlist);
            Assert.Contains(allowlist["--metric-labels-allowlist=".Length..], File.ReadAllText(SparkDir("kube-state-metrics", "kube-prometheus-stack-values.yaml")), StringComparison.Ordinal);
            Assert.Contains(allowlist, File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Prometheus' own names of a RelabelConfig's fields (snake_case), for a scrape config.</summary>
    private static string RelabelYaml(IEnumerable<RelabelConfig>? rules, string indent)
    {
        var sb = new StringBuilder();
        foreach (var r in rules ?? [])
        {
            sb.Append($"{indent}- action: {r.Action ?? "replace"}\n");
            if (r.SourceLabels is { } s) sb.Append($"{indent}  source_labels: [{string.Join(", ", s)}]\n");
            if (r.TargetLabel is { } t) sb.Append($"{indent}  target_label: {t}\n");
            if (r.Regex is { } x) sb.Append($"{indent}  regex: {JsonSerializer.Serialize(x)}\n");
            if (r.Replacement is { } p) sb.Append($"{indent}  replacement: {JsonSerializer.Serialize(p)}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public async Task PodMonitor_RealPrometheusScrapesTheSparkFormats_LabelsKeptServletTiedToTheTargetCodegenDropped()
    {
        var monitor = LoadOne<PodMonitor>("podmonitor.yaml");
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/metrics/executors/prometheus"] = File.ReadAllText(RepoPaths.Fixture("prometheus", "derived", "executors_prometheus_spark-3.5.derived.txt")),
            ["/metrics/prometheus"] = File.ReadAllText(RepoPaths.Fixture("prometheus", "derived", "driver_prometheusServlet_spark-3.x.derived.txt")),
        };
        // The driver's UI port, on loopback, serving Spark's real exposition formats (the shared fixtures).
        var port = PrometheusServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch (HttpListenerException) { return; } catch (ObjectDisposedException) { return; }
                var found = bodies.TryGetValue(context.Request.Url!.AbsolutePath, out var body);
                context.Response.StatusCode = found ? 200 : 404;
                context.Response.ContentType = "text/plain; version=0.0.4";
                var bytes = Encoding.UTF8.GetBytes(body ?? "");
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });

        // One job per endpoint, as the operator renders a PodMonitor: the target labels the pod role gives (namespace,
        // pod) as static labels, honor_labels and the endpoint's metric relabelling as written in podmonitor.yaml.
        var root = ServerProcess.NewRoot("podmonitor");
        var config = new StringBuilder("global: { scrape_interval: 1s }\nscrape_configs:\n");
        for (var i = 0; i < monitor.Spec.PodMetricsEndpoints.Count; i++)
        {
            var e = monitor.Spec.PodMetricsEndpoints[i];
            config.Append($"  - job_name: podMonitor/spark/spark-drivers/{i}\n    metrics_path: {e.Path}\n    honor_labels: {(e.HonorLabels == true ? "true" : "false")}\n");
            config.Append($"    static_configs: [ {{ targets: [\"127.0.0.1:{port}\"], labels: {{ namespace: spark, pod: cache-test-driver }} }} ]\n");
            if (e.MetricRelabelings is { Count: > 0 }) config.Append("    metric_relabel_configs:\n").Append(RelabelYaml(e.MetricRelabelings, "      "));
        }
        var configPath = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config.ToString());
        var (checkCode, checkOutput) = await PrometheusServer.RunAsync(PrometheusServer.Binary("promtool"), CancellationToken.None, "check", "config", configPath);
        Assert.True(checkCode == 0, checkOutput);

        var promPort = PrometheusServer.FreePort();
        await using var prometheus = ServerProcess.Start(PrometheusServer.Binary("prometheus"),
            [$"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(root, "data")}", $"--web.listen-address=127.0.0.1:{promPort}"], root);
        try
        {
            await prometheus.WaitReadyAsync($"http://127.0.0.1:{promPort}/-/ready", TimeSpan.FromSeconds(30), CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}") };
            async Task<JsonElement[]> QueryAsync(string promQl)
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promQl)));
                return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("metric").Clone()).ToArray();
            }
            // Both endpoints scraped once at least (a scrape's samples are queryable right after it).
            for (var i = 0; i < 150 && (await QueryAsync("up == 1")).Length < 2; i++) await Task.Delay(100);
            Assert.Equal(2, (await QueryAsync("up == 1")).Length);
            for (var i = 0; i < 50 && (await QueryAsync("metrics_executor_totalCores")).Length == 0; i++) await Task.Delay(100);

            var executors = await QueryAsync("metrics_executor_totalCores");
            var heap = await QueryAsync("{__name__=~\"metrics_spark_.+_driver_BlockManager_memory_memUsed_MB_Number\"}");
            var codegen = await QueryAsync("{__name__=~\"metrics_.+_driver_CodeGenerator_.+\"}");

            Assert.NotEmpty(executors);
            Assert.Contains(executors, m => m.GetProperty("executor_id").GetString() == "driver");
            var appId = Regex.Match(bodies["/metrics/executors/prometheus"], "application_id=\"([^\"]+)\"").Groups[1].Value;
            Assert.All(executors, m => Assert.Equal(appId, m.GetProperty("application_id").GetString()));
            Assert.All(executors, m => Assert.False(m.TryGetProperty("exported_application_id", out _)));
            // The servlet series carry no application id: they meet the executor series on their target (instance, pod).
            var servlet = Assert.Single(heap);
            Assert.Equal(executors[0].GetProperty("instance").GetString(), servlet.GetProperty("instance").GetString());
            Assert.Equal(executors[0].GetProperty("pod").GetString(), servlet.GetProperty("pod").GetString());
            Assert.Empty(codegen);
            Assert.Contains("CodeGenerator", bodies["/metrics/prometheus"], StringComparison.Ordinal); // there was something to drop
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            await serving;
        }
    }
}
