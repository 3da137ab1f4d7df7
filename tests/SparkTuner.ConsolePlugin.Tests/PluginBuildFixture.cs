using System.Diagnostics;
using System.Security.Cryptography;
using SparkTuner.TestSupport;

namespace SparkTuner.ConsolePlugin.Tests;

/// <summary>
/// The console plugin built once per test run, as CI builds it: <c>npm ci</c> from the committed package-lock.json,
/// then the SDK's webpack build, in a scratch copy of <c>deploy/openshift-console-plugin</c> (the repository's folder
/// is not written). The installed node_modules are kept between runs in the user's cache folder under the lockfile's
/// hash (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>sparktuner/console-plugin/HASH</c>): a changed lockfile
/// installs afresh; an unchanged one costs only the build. Node and npm come from the test script (apt when absent).
/// </summary>
public sealed class PluginBuildFixture : IAsyncLifetime
{
    /// <summary>Files and folders of the plugin's source that a build reads.</summary>
    private static readonly string[] Sources = ["package.json", "package-lock.json", "tsconfig.json", "webpack.config.js", "console-extensions.json", "src", "test"];

    public static string PluginSource { get; } = Path.Combine(RepoPaths.Root, "deploy", "openshift-console-plugin");

    /// <summary>The scratch copy the plugin was built in.</summary>
    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "sparktuner-plugin-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>The build output (plugin-manifest.json, plugin-entry.js, chunks).</summary>
    public string Dist => Path.Combine(WorkDir, "dist");

    /// <summary>How the dependencies were got this run, and what it took (printed by the tests).</summary>
    public string InstallNote { get; private set; } = "";

    public TimeSpan BuildTime { get; private set; }

    public async Task InitializeAsync()
    {
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(PluginSource, "package-lock.json"))))[..16];
        var cacheRoot = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var cached = Path.Combine(cacheRoot, "sparktuner", "console-plugin", lockHash);

        Directory.CreateDirectory(WorkDir);
        foreach (var name in Sources) Copy(Path.Combine(PluginSource, name), Path.Combine(WorkDir, name));

        var watch = Stopwatch.StartNew();
        if (File.Exists(Path.Combine(cached, "node_modules", ".package-lock.json")))
        {
            InstallNote = "node_modules from the cache of this lockfile";
        }
        else
        {
            // npm ci into a fresh folder next to the cache entry, then renamed into place: a run stopped midway leaves no
            // half-installed entry, and two runs at once each install and one rename wins.
            var staging = cached + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Directory.CreateDirectory(staging);
            File.Copy(Path.Combine(PluginSource, "package.json"), Path.Combine(staging, "package.json"));
            File.Copy(Path.Combine(PluginSource, "package-lock.json"), Path.Combine(staging, "package-lock.json"));
            await RunAsync(staging, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(10));
            try
            {
                Directory.Move(staging, cached);
            }
            catch (IOException) when (Directory.Exists(cached))
            {
                Directory.Delete(staging, recursive: true);
            }
            InstallNote = $"npm ci from package-lock.json in {watch.Elapsed.TotalSeconds:0} s";
        }

        Directory.CreateSymbolicLink(Path.Combine(WorkDir, "node_modules"), Path.Combine(cached, "node_modules"));
        watch.Restart();
        await RunAsync(WorkDir, "npm", ["run", "build", "--silent"], TimeSpan.FromMinutes(5));
        BuildTime = watch.Elapsed;
    }

    /// <summary>Runs <paramref name="file"/> in <paramref name="dir"/>; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string dir, string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["npm_config_update_notifier"] = "false";
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
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalMinutes} min");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task RunAsync(string dir, string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await TryRunAsync(dir, file, args, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}:\n{stdout}\n{stderr}");
        }
    }

    private static void Copy(string from, string to)
    {
        if (File.Exists(from))
        {
            File.Copy(from, to, overwrite: true);
            return;
        }
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            Copy(entry, Path.Combine(to, Path.GetFileName(entry)));
        }
    }

    public Task DisposeAsync()
    {
        // The link first, on its own: the cached node_modules it points to stays.
        var link = Path.Combine(WorkDir, "node_modules");
        try
        {
            if (Directory.Exists(link)) Directory.Delete(link);
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PluginCollection : ICollectionFixture<PluginBuildFixture>
{
    public const string Name = "console-plugin";
}
