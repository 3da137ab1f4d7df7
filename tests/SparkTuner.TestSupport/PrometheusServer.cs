using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SparkTuner.TestSupport;

/// <summary>
/// A real <c>prometheus</c> process on a free loopback port with its own temporary data folder, optionally
/// backfilled with <c>promtool tsdb create-blocks-from openmetrics</c> and optionally scraping targets.
/// Dispose stops it and deletes the folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private PrometheusServer(ServerProcess server, int port)
    {
        _server = server;
        Port = port;
    }

    public string Root => _server.Root;
    public int Port { get; }
    public bool Tls { get; private init; }
    public string BaseUrl => $"{(Tls ? "https" : "http")}://127.0.0.1:{Port}";
    public string Log => _server.Log;

    /// <summary>Finds a binary on PATH or in the usual Debian location; the test command installs it.</summary>
    public static string Binary(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        throw new InvalidOperationException($"'{name}' not found on PATH: run the README's test command, which installs it (apt-get install prometheus).");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Backfills <paramref name="openMetricsFile"/> (if given) into a fresh data folder and starts Prometheus on it.</summary>
    /// <param name="scrapeTargets">host:port targets scraped by a job named "spark" at <paramref name="scrapeInterval"/>, with <paramref name="metricsPath"/>.</param>
    public static async Task<PrometheusServer> StartAsync(
        string? openMetricsFile = null,
        IReadOnlyList<string>? scrapeTargets = null,
        string metricsPath = "/metrics",
        string scrapeInterval = "1s",
        int? port = null,
        CancellationToken cancellationToken = default,
        (string CertificatePem, string KeyPem)? tls = null)
    {
        var root = ServerProcess.NewRoot("prom");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        if (openMetricsFile is not null)
        {
            await BackfillAsync(openMetricsFile, data, cancellationToken);
        }

        var config = new StringBuilder();
        config.AppendLine($"global: {{ scrape_interval: {scrapeInterval}, evaluation_interval: 15s }}");
        if (scrapeTargets is { Count: > 0 })
        {
            config.AppendLine("scrape_configs:");
            config.AppendLine("  - job_name: spark");
            config.AppendLine($"    metrics_path: {metricsPath}");
            config.AppendLine($"    static_configs: [ {{ targets: [{string.Join(", ", scrapeTargets.Select(t => $"\"{t}\""))}] }} ]");
        }
        var configPath = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config.ToString(), cancellationToken);

        string? webConfig = null;
        if (tls is { } t)
        {
            // Prometheus' own TLS (--web.config.file), as a Thanos Querier or an OpenShift route would serve it.
            await File.WriteAllTextAsync(Path.Combine(root, "tls.crt"), t.CertificatePem, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "tls.key"), t.KeyPem, cancellationToken);
            webConfig = Path.Combine(root, "web.yml");
            await File.WriteAllTextAsync(webConfig, "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n", cancellationToken);
        }

        var p = port ?? FreePort();
        var args = new List<string>
        {
            $"--config.file={configPath}", $"--storage.tsdb.path={data}",
            $"--web.listen-address=127.0.0.1:{p}", "--storage.tsdb.retention.time=30d",
        };
        if (webConfig is not null)
        {
            args.Add($"--web.config.file={webConfig}");
        }

        var server = new PrometheusServer(ServerProcess.Start(Binary("prometheus"), args, root), p) { Tls = tls is not null };
        try
        {
            // Readiness only: the certificate itself is what the TLS tests check, through the product's client.
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
            await server._server.WaitReadyAsync($"{server.BaseUrl}/-/ready", TimeSpan.FromSeconds(30), cancellationToken, handler);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs promtool backfill of one OpenMetrics file into <paramref name="dataDir"/>; throws with promtool's output on failure.</summary>
    public static async Task BackfillAsync(string openMetricsFile, string dataDir, CancellationToken cancellationToken = default)
    {
        var (code, output) = await RunAsync(Binary("promtool"), cancellationToken, "tsdb", "create-blocks-from", "openmetrics", openMetricsFile, dataDir);
        if (code != 0)
        {
            throw new InvalidOperationException($"promtool backfill failed ({code}): {output}");
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, CancellationToken cancellationToken, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = proc.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = proc.StandardError.ReadToEndAsync(cancellationToken);
        await proc.WaitForExitAsync(cancellationToken);
        return (proc.ExitCode, await stdout + await stderr);
    }

    /// <summary>Waits until an instant query returns a non-empty result (for scrape-based tests).</summary>
    public async Task WaitForSeriesAsync(string promQl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var body = await http.GetStringAsync($"{BaseUrl}/api/v1/query?query={Uri.EscapeDataString(promQl)}", cancellationToken);
            if (!body.Contains("\"result\":[]", StringComparison.Ordinal)) return;
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"no result for {promQl} after {timeout}");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
