using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SparkTuner.TestSupport;

/// <summary>
/// A real <c>victoria-metrics</c> process (Debian's single-node 1.79) on a free loopback port with its own temporary
/// <c>-storageDataPath</c> and a 100-year retention, optionally loaded with an OpenMetrics file through
/// <c>POST /api/v1/import/prometheus</c>. It serves the Prometheus query API at <see cref="BaseUrl"/>.
/// Dispose kills it and deletes the folder.
/// </summary>
/// <remarks>
/// Import quirks of this version, handled by <see cref="ImportAsync"/>: the import answers 204 even when it skipped
/// lines it could not parse (it only logs them), so the rows VictoriaMetrics added are counted against the file's
/// samples; and imported rows are buffered for about a second before a query sees them, so the import is followed by
/// <c>/internal/force_flush</c> and a wait until every series of the file is listed. Timestamps in (fractional)
/// seconds, as OpenMetrics writes them, are stored as milliseconds.
/// </remarks>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly ServerProcess _server;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private VictoriaMetricsServer(ServerProcess server, int port)
    {
        _server = server;
        Port = port;
    }

    public string Root => _server.Root;
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Log => _server.Log;

    /// <summary>Starts VictoriaMetrics on a fresh data folder and imports <paramref name="openMetricsFile"/> (if given).</summary>
    /// <param name="extraArgs">More command-line flags, e.g. <c>-search.latencyOffset=0s</c>.</param>
    public static async Task<VictoriaMetricsServer> StartAsync(
        string? openMetricsFile = null,
        IReadOnlyList<string>? extraArgs = null,
        int? port = null,
        CancellationToken cancellationToken = default)
    {
        var root = ServerProcess.NewRoot("vm");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);

        var p = port ?? PrometheusServer.FreePort();
        var args = new[] { $"-storageDataPath={data}", $"-httpListenAddr=127.0.0.1:{p}", "-retentionPeriod=100y" }.Concat(extraArgs ?? []);
        var server = new VictoriaMetricsServer(ServerProcess.Start(Binary(), args, root), p);
        try
        {
            await server._server.WaitReadyAsync($"{server.BaseUrl}/health", TimeSpan.FromSeconds(30), cancellationToken);
            if (openMetricsFile is not null)
            {
                await server.ImportAsync(openMetricsFile, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The binary on PATH or in /usr/bin; the test command installs it (apt-get install victoria-metrics).</summary>
    public static string Binary()
    {
        try
        {
            return PrometheusServer.Binary("victoria-metrics");
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException("'victoria-metrics' not found on PATH: run the README's test command, which installs it (apt-get install victoria-metrics).");
        }
    }

    /// <summary>
    /// Imports an OpenMetrics (or Prometheus text) file and returns once every sample was stored and every series is
    /// queryable. Throws with VictoriaMetrics' log when a line was rejected.
    /// </summary>
    public async Task ImportAsync(string openMetricsFile, CancellationToken cancellationToken = default)
    {
        var file = await OpenMetricsShape.ReadAsync(openMetricsFile, cancellationToken);
        var before = await RowsAddedAsync(cancellationToken);

        await using (var stream = File.OpenRead(openMetricsFile))
        {
            using var content = new StreamContent(stream, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await _http.PostAsync($"{BaseUrl}/api/v1/import/prometheus", content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"victoria-metrics import of {Path.GetFileName(openMetricsFile)} failed ({(int)response.StatusCode}): {body}");
            }
        }

        // The import answers before every row is counted in rare cases; a short poll covers that.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long added;
        while ((added = await RowsAddedAsync(cancellationToken) - before) < file.Samples && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }
        if (added != file.Samples)
        {
            throw new InvalidOperationException(
                $"victoria-metrics stored {added} of the {file.Samples} samples of {Path.GetFileName(openMetricsFile)} (it answers 204 and logs the lines it rejects): {Log}");
        }

        await WaitQueryableAsync(file, TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>
    /// Flushes the in-memory buffers, then waits until <c>/api/v1/series</c> lists every series of the file. The
    /// selector polled (<c>{__name__=~".+"}</c>) is one the product never sends, so an empty answer cached by
    /// VictoriaMetrics while it was still flushing can not leak into a test.
    /// </summary>
    private async Task WaitQueryableAsync(OpenMetricsShape file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (file.Series == 0) return;
        var start = Math.Floor(file.MinTimestamp).ToString(CultureInfo.InvariantCulture);
        var end = Math.Ceiling(file.MaxTimestamp + 1).ToString(CultureInfo.InvariantCulture);
        var url = $"{BaseUrl}/api/v1/series?match[]={Uri.EscapeDataString("{__name__=~\".+\"}")}&start={start}&end={end}";
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            using (var flush = await _http.GetAsync($"{BaseUrl}/internal/force_flush", cancellationToken))
            {
                flush.EnsureSuccessStatusCode();
            }
            var body = await _http.GetStringAsync(url, cancellationToken);
            using (var doc = JsonDocument.Parse(body))
            {
                seen = doc.RootElement.GetProperty("data").GetArrayLength();
            }
            if (seen >= file.Series) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"victoria-metrics at {BaseUrl} lists {seen} of {file.Series} series after {timeout}: {Log}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary><c>vm_rows_added_to_storage_total</c> from its own /metrics.</summary>
    private async Task<long> RowsAddedAsync(CancellationToken cancellationToken)
    {
        var metrics = await _http.GetStringAsync($"{BaseUrl}/metrics", cancellationToken);
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith("vm_rows_added_to_storage_total ", StringComparison.Ordinal))
            {
                return long.Parse(line["vm_rows_added_to_storage_total ".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"victoria-metrics at {BaseUrl} does not report vm_rows_added_to_storage_total");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>What an OpenMetrics file holds: sample lines, distinct series and the time span (Unix seconds).</summary>
    private sealed record OpenMetricsShape(long Samples, int Series, double MinTimestamp, double MaxTimestamp)
    {
        public static async Task<OpenMetricsShape> ReadAsync(string path, CancellationToken cancellationToken)
        {
            long samples = 0;
            var series = new HashSet<string>(StringComparer.Ordinal);
            double min = double.MaxValue, max = double.MinValue;
            using var reader = new StreamReader(path, new UTF8Encoding(false));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0 || line[0] == '#') continue;
                // name{labels} value timestamp: label values may hold spaces, value and timestamp never do.
                var lastSpace = line.LastIndexOf(' ');
                var valueSpace = lastSpace > 0 ? line.LastIndexOf(' ', lastSpace - 1) : -1;
                if (valueSpace <= 0)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(path)}: a sample without a timestamp: {line}");
                }
                var t = double.Parse(line.AsSpan(lastSpace + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
                min = Math.Min(min, t);
                max = Math.Max(max, t);
                series.Add(line[..valueSpace]);
                samples++;
            }
            return new OpenMetricsShape(samples, series.Count, samples == 0 ? 0 : min, samples == 0 ? 0 : max);
        }
    }
}
