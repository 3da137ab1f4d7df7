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
    private readonly ServerProcess _server;

    private WebAppProcess(ServerProcess server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _server.Pid;
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The last lines the app printed (for a failure message).</summary>
    public string Tail => string.Join('\n', _server.Log.Split('\n').TakeLast(60));

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
        // As deploy/local/run starts it (Production environment), with configuration from the environment.
        var environment = new Dictionary<string, string>
        {
            ["Prometheus__BaseUrl"] = prometheusUrl,
            ["Prometheus__ScrapeIntervalSeconds"] = scrapeIntervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        var server = ServerProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], ServerProcess.NewRoot("web"), environment, RepoPaths.Root);
        var app = new WebAppProcess(server, port);
        try
        {
            await server.WaitReadyAsync(app.BaseUrl + "/healthz", TimeSpan.FromSeconds(60), CancellationToken.None);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
