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
    private readonly Process _process;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, string root, int port, StringBuilder log)
    {
        _process = process;
        Root = root;
        Port = port;
        _log = log;
    }

    public string Root { get; }
    public int Port { get; }
    public bool Tls { get; private init; }
    public string BaseUrl => $"{(Tls ? "https" : "http")}://127.0.0.1:{Port}";
    public string Log { get { lock (_log) { return _log.ToString(); } } }

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
        var root = Path.Combine(Path.GetTempPath(), "sparktuner-prom-" + Guid.NewGuid().ToString("N")[..12]);
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
        var psi = new ProcessStartInfo(Binary("prometheus"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     $"--config.file={configPath}", $"--storage.tsdb.path={data}",
                     $"--web.listen-address=127.0.0.1:{p}", "--storage.tsdb.retention.time=30d",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        if (webConfig is not null)
        {
            psi.ArgumentList.Add($"--web.config.file={webConfig}");
        }

        var log = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, root, p, log) { Tls = tls is not null };
        await server.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
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

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Readiness only: the certificate itself is what the TLS tests check, through the product's client.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}: {Log}");
            }
            try
            {
                var r = await http.GetAsync($"{BaseUrl}/-/ready", cancellationToken);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"prometheus at {BaseUrl} not ready after {timeout}: {Log}");
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
