using System.Diagnostics;
using System.Text;

namespace SparkTuner.TestSupport;

/// <summary>
/// A server binary started for a test (Prometheus, VictoriaMetrics) on a loopback port with its own temporary folder:
/// its output captured, a readiness wait, and a dispose that kills it and deletes the folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(string name, Process process, string root)
    {
        Name = name;
        _process = process;
        Root = root;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Binary name, for messages.</summary>
    public string Name { get; }

    /// <summary>The server's temporary folder, deleted on dispose.</summary>
    public string Root { get; }

    /// <summary>Everything the server printed so far.</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>A new temporary folder named after <paramref name="prefix"/>.</summary>
    public static string NewRoot(string prefix)
    {
        var root = Path.Combine(Path.GetTempPath(), $"sparktuner-{prefix}-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>The process id (e.g. to read its memory from <c>/proc/PID/status</c>).</summary>
    public int Pid => _process.Id;

    /// <summary>
    /// Starts <paramref name="binary"/> with <paramref name="args"/>, owning <paramref name="root"/> (also its working
    /// folder when <paramref name="workingDirectory"/> is not given), with <paramref name="environment"/> added.
    /// </summary>
    public static ServerProcess Start(
        string binary, IEnumerable<string> args, string root, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var name = Path.GetFileName(binary);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{name} did not start");
        return new ServerProcess(name, process, root);
    }

    /// <summary>Waits until <paramref name="url"/> answers a success status; throws with the server's log when it exits or times out.</summary>
    public async Task WaitReadyAsync(string url, TimeSpan timeout, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}: {Log}");
            }
            try
            {
                var r = await http.GetAsync(url, cancellationToken);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"{Name} at {url} not ready after {timeout}: {Log}");
    }

    /// <summary>Kills the server and deletes its folder.</summary>
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
