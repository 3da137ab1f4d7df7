using System.Diagnostics;

namespace SparkTuner.TestSupport;

/// <summary>Runs an external tool for a test (npm, node, podman, …) and collects what it printed.</summary>
public static class ExternalProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/> (each passed as one argument, no shell) in
    /// <paramref name="workingDirectory"/> (null: the current one) with <paramref name="environment"/> added, and waits.
    /// </summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>; its process tree was killed.</exception>
    /// <exception cref="InvalidOperationException">The process could not be started.</exception>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = args.ToList();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not end within {timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
