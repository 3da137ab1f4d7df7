using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SparkTuner.Cli.Commands;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Runs;
using SparkTuner.Demo;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Alerts.Tests;

/// <summary>
/// The whole alert path, live: demo-live serves a run in progress, a real Prometheus scrapes it every second and
/// evaluates deploy/alerts/spark-rules.yaml every second, a real Alertmanager (Debian prometheus-alertmanager) delivers
/// to a webhook on loopback. The rules are the shipped ones with every <c>for:</c> shortened to 2 s, so the test takes
/// seconds, not minutes; the <c>for:</c> values themselves are covered by promtool's unit tests.
/// </summary>
public sealed class LiveAlertTests(ITestOutputHelper output)
{
    private const string DashboardBase = "http://sparktuner.test:5000";

    [Fact]
    public async Task FailedTasks_ScrapedLive_ReachTheWebhookWithTheRunsDashboardLink()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;

        // demo-live: the first run (non-cached) starts in a second; its failed tasks show at its groupBy phase.
        var demo = new LiveDemo(new LiveDemoOptions
        {
            Origin = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1),
            Duration = TimeSpan.FromSeconds(30),
            Every = TimeSpan.FromSeconds(60),
        });
        var run = demo.PlanRun(0);
        var failedAt = demo.Status(run.Start).FailedTasksAt!.Value;
        using var live = DemoLiveServer.Start(demo, "127.0.0.1", PrometheusServer.FreePort(), TimeProvider.System);

        await using var webhook = Webhook.Start();
        // Each server owns its folder (deleted when it is disposed).
        var amRoot = ServerProcess.NewRoot("alertmanager");
        var promRoot = ServerProcess.NewRoot("prom-alerts");
        {
            int amPort = PrometheusServer.FreePort();
            await File.WriteAllTextAsync(Path.Combine(amRoot, "alertmanager.yml"), $"""
                route:
                  receiver: test
                  group_by: [alertname, application_id]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: {webhook.Url}
                        send_resolved: false
                """, ct);
            Directory.CreateDirectory(Path.Combine(amRoot, "data"));
            // --cluster.listen-address= : no gossip port (it would listen on 0.0.0.0:9094).
            await using var alertmanager = ServerProcess.Start(PrometheusServer.Binary("prometheus-alertmanager"),
                [$"--config.file={Path.Combine(amRoot, "alertmanager.yml")}", $"--storage.path={Path.Combine(amRoot, "data")}",
                 $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address="], amRoot);
            await alertmanager.WaitReadyAsync($"http://127.0.0.1:{amPort}/-/ready", TimeSpan.FromSeconds(30), ct);

            // The shipped rules, every for: shortened to 2 s.
            var rules = Regex.Replace(await File.ReadAllTextAsync(AlertFiles.Rules, ct), @"(?m)^(\s+for:) \S+$", "$1 2s");
            Assert.Contains("for: 2s", rules, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(promRoot, "rules.yaml"), rules, ct);
            var target = live.BaseUrl["http://".Length..];
            await File.WriteAllTextAsync(Path.Combine(promRoot, "prometheus.yml"), $$"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                  external_labels: { sparktuner_url: "{{DashboardBase}}" }
                rule_files: [rules.yaml]
                alerting:
                  alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:{{amPort}}"] } ] } ]
                scrape_configs:
                  - job_name: spark-executors
                    metrics_path: /metrics/executors/prometheus
                    static_configs: [ { targets: ["{{target}}"] } ]
                  - job_name: spark-driver
                    metrics_path: /metrics/prometheus
                    static_configs: [ { targets: ["{{target}}"] } ]
                  - job_name: kubelet
                    metrics_path: /metrics/cadvisor
                    static_configs: [ { targets: ["{{target}}"] } ]
                  - job_name: kube-state-metrics
                    metrics_path: /metrics/kube-state-metrics
                    static_configs: [ { targets: ["{{target}}"] } ]
                """, ct);
            int promPort = PrometheusServer.FreePort();
            Directory.CreateDirectory(Path.Combine(promRoot, "data"));
            await using var prometheus = ServerProcess.Start(PrometheusServer.Binary("prometheus"),
                [$"--config.file={Path.Combine(promRoot, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(promRoot, "data")}",
                 $"--web.listen-address=127.0.0.1:{promPort}"], promRoot);
            await prometheus.WaitReadyAsync($"http://127.0.0.1:{promPort}/-/ready", TimeSpan.FromSeconds(30), ct);

            // Nothing may fire before the threshold is crossed.
            var delivery = await webhook.WaitAsync(a => a.Labels.GetValueOrDefault("alertname") == "SparkTasksFailing", ct);
            Assert.True(delivery.At >= failedAt, $"SparkTasksFailing reached the webhook at {delivery.At:O}, before the failure at {failedAt:O}");
            var latency = delivery.At - failedAt;
            output.WriteLine($"threshold crossed (failed tasks served) {failedAt:O}, webhook {delivery.At:O}: {latency.TotalSeconds:0.00} s " +
                             "(1 s scrape, 1 s evaluation, for: 2s, Alertmanager group_wait 0s)");

            // Prometheus' own parser took every endpoint's text: all four targets up, no scrape error.
            using (var http = new HttpClient())
            {
                using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{promPort}/api/v1/targets", ct));
                var active = targets.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                    .Select(t => (Job: t.GetProperty("labels").GetProperty("job").GetString(), Health: t.GetProperty("health").GetString(), Error: t.GetProperty("lastError").GetString()))
                    .ToList();
                Assert.Equal(["kube-state-metrics", "kubelet", "spark-driver", "spark-executors"], active.Select(t => t.Job).Order());
                Assert.All(active, t => Assert.True(t.Health == "up" && t.Error == "", $"{t.Job}: {t.Health} {t.Error}"));
            }

            Assert.Equal("firing", delivery.Alert.Status);
            Assert.Equal(run.AppId, delivery.Alert.Labels["application_id"]);
            Assert.Equal("cartesian-200k-noncached", delivery.Alert.Labels["application_name"]);
            Assert.Equal($"{DashboardBase}/datasource?run={run.AppId}", delivery.Alert.Annotations["dashboard_url"]);
            // Scrape (≤ 1 s) + evaluation (≤ 1 s) + for: 2 s (+ one evaluation) + delivery: well under 10 s.
            Assert.True(latency < TimeSpan.FromSeconds(10), $"{latency.TotalSeconds:0.00} s from threshold to webhook");

            // The dashboard's run discovery sees the run as running while it is served, and completed once it stopped.
            using var source = PrometheusTimeSeriesSource.Create(new PrometheusOptions
            {
                BaseUrl = $"http://127.0.0.1:{promPort}", ScrapeIntervalSeconds = 1, TimeoutSeconds = 10,
            });
            var discovery = new RunDiscovery(source, RunDiscoveryOptions.SparkNative with { ScrapeInterval = TimeSpan.FromSeconds(1) });
            async Task<SparkRun> FindAsync() =>
                Assert.Single(await discovery.DiscoverAsync(run.Start.AddMinutes(-1), DateTimeOffset.UtcNow, ct), r => r.Id == run.AppId);
            var during = await FindAsync();
            Assert.True(DateTimeOffset.UtcNow < run.End, "the run ended before the check of its running state");
            Assert.Equal((RunState.Running, "noncached"), (during.State, during.Variant));
            // Until the end, two scrape intervals and a margin for a loaded machine.
            var wait = run.End + TimeSpan.FromSeconds(4) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var after = await FindAsync();
            Assert.Equal(RunState.Completed, after.State);
            Assert.InRange((after.End - run.End).TotalSeconds, -2.5, 1.0);
        }
    }

    private sealed record AlertPayload(string Status, Dictionary<string, string> Labels, Dictionary<string, string> Annotations);

    private sealed record Delivery(DateTimeOffset At, AlertPayload Alert);

    /// <summary>A loopback HTTP endpoint recording Alertmanager's webhook posts (version 4 payload) with their arrival time.</summary>
    private sealed class Webhook : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<Delivery> _deliveries = [];
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly Task _loop;

        private Webhook(int port)
        {
            Url = $"http://127.0.0.1:{port}/hook";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public static Webhook Start() => new(PrometheusServer.FreePort());

        public List<Delivery> Deliveries { get { lock (_deliveries) return [.. _deliveries]; } }

        public async Task<(DateTimeOffset At, AlertPayload Alert)> WaitAsync(Func<AlertPayload, bool> match, CancellationToken ct)
        {
            while (true)
            {
                var found = Deliveries.FirstOrDefault(d => match(d.Alert));
                if (found is not null) return (found.At, found.Alert);
                await _arrived.WaitAsync(ct);
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var at = DateTimeOffset.UtcNow;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    var body = await reader.ReadToEndAsync();
                    using var doc = JsonDocument.Parse(body);
                    lock (_deliveries)
                    {
                        foreach (var a in doc.RootElement.GetProperty("alerts").EnumerateArray())
                        {
                            _deliveries.Add(new Delivery(at, new AlertPayload(a.GetProperty("status").GetString()!,
                                a.GetProperty("labels").Deserialize<Dictionary<string, string>>()!,
                                a.GetProperty("annotations").Deserialize<Dictionary<string, string>>()!)));
                        }
                    }
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
                _arrived.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Close();
            try { await _loop; } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }
}
