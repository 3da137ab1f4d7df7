using System.Diagnostics;

namespace SparkTuner.Deploy.Tests.Manifests;

/// <summary>Renders a kustomization with the real <c>kubectl kustomize</c> (kustomize v5 inside kubectl 1.32).</summary>
public static class Kustomize
{
    /// <summary>kubectl from PATH (or /usr/local/bin, /usr/bin); the test command installs it when missing.</summary>
    public static string Kubectl { get; } = Find();

    /// <summary>The rendered YAML of the kustomization in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">kubectl failed; the message carries its stderr.</exception>
    public static async Task<string> RenderAsync(string folder)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {folder} failed ({process.ExitCode}): {await stderr}");
        }
        return await stdout;
    }

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/local/bin").Append("/usr/bin"))
        {
            var path = Path.Combine(dir, "kubectl");
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        throw new InvalidOperationException("kubectl not found on PATH: run deploy/local/test, which installs it when missing.");
    }
}
