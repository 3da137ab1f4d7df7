using System.Diagnostics;
using System.Globalization;
using SparkTuner.TestSupport;

namespace SparkTuner.Benchmarks;

/// <summary>
/// The dashboard as deployed: the built <c>SparkTuner.Web.dll</c> in its own process (so its memory is its own, read
/// from <c>/proc/PID/status</c>) on a free loopback port, pointed at <paramref name="prometheusUrl"/>. Built with the
/// same configuration as this benchmark (the project reference builds it). Dispose kills it by its PID.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private WebAppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The last lines the app printed (for a failure message).</summary>
    public string Tail { get { lock (_tail) return string.Join('\n', _tail); } }

    /// <summary>Path of the built web app next to this benchmark's own build (same configuration and target framework).</summary>
    public static string DllPath
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent?.Name ?? "Release";
            return Path.Combine(RepoPaths.Root, "src", "SparkTuner.Web", "bin", configuration, tfm.Name, "SparkTuner.Web.dll");
        }
    }

    /// <summary>Starts the app and waits for <c>/healthz</c>.</summary>
    public static async Task<WebAppProcess> StartAsync(string prometheusUrl, int scrapeIntervalSeconds, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = DllPath;
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: build the solution first (dotnet build SparkTuner.sln -c Release)");
        var port = PrometheusServer.FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        // As deploy/local/run starts it (Production environment), with configuration from the environment.
        psi.Environment["Prometheus__BaseUrl"] = prometheusUrl;
        psi.Environment["Prometheus__ScrapeIntervalSeconds"] = scrapeIntervalSeconds.ToString(CultureInfo.InvariantCulture);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        var app = new WebAppProcess(Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start"), port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (app._process.HasExited) throw new InvalidOperationException($"the web app exited with {app._process.ExitCode}: {app.Tail}");
            try
            {
                if ((await http.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (sw.Elapsed > TimeSpan.FromSeconds(60))
            {
                await app.DisposeAsync();
                throw new TimeoutException($"the web app did not answer /healthz in 60 s: {app.Tail}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Resident set size now (VmRSS), in bytes.</summary>
    public long Rss => StatusBytes("VmRSS");

    /// <summary>Peak resident set size since start (VmHWM), in bytes.</summary>
    public long PeakRss => StatusBytes("VmHWM");

    private long StatusBytes(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                var kb = line[(key.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"{key} not in /proc/{Pid}/status");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 60) _tail.Dequeue();
        }
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
    }
}
