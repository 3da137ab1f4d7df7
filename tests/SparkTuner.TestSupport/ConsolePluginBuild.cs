using System.Diagnostics;
using System.Security.Cryptography;

namespace SparkTuner.TestSupport;

/// <summary>
/// The OpenShift console plugin (<c>deploy/openshift-console-plugin</c>) built as CI builds it: <c>npm ci</c> from the
/// committed package-lock.json, then the SDK's webpack build, in a scratch copy (the repository's folder is not
/// written). The one place the tests build it: the plugin's own tests, the image test (which copies the output into the
/// image) and the browser test of the Pod tab all use it. The installed node_modules are kept between runs in the
/// user's cache folder under the lockfile's hash (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>,
/// <c>sparktuner/console-plugin/HASH</c>): a changed lockfile installs afresh; an unchanged one costs only the build.
/// Node and npm come from the test script (apt when absent).
/// </summary>
public sealed class ConsolePluginBuild : IDisposable
{
    /// <summary>Files and folders of the plugin's source that a build (and its test scripts) read.</summary>
    private static readonly string[] Sources = ["package.json", "package-lock.json", "tsconfig.json", "webpack.config.js", "console-extensions.json", "src", "test"];

    private ConsolePluginBuild(string workDir, string nodeModules, string installNote, TimeSpan buildTime)
    {
        WorkDir = workDir;
        NodeModules = nodeModules;
        InstallNote = installNote;
        BuildTime = buildTime;
    }

    /// <summary>The plugin's source folder in the repository.</summary>
    public static string Source { get; } = Path.Combine(RepoPaths.Root, "deploy", "openshift-console-plugin");

    /// <summary>The scratch copy the plugin was built in (its <c>test/</c> scripts are there too).</summary>
    public string WorkDir { get; }

    /// <summary>The build output (plugin-manifest.json, plugin-entry.js, chunks): what the image carries.</summary>
    public string Dist => Path.Combine(WorkDir, "dist");

    /// <summary>The installed dependencies (React, PatternFly's CSS …), for a host page that plays the console.</summary>
    public string NodeModules { get; }

    /// <summary>How the dependencies were got this run, and what it took.</summary>
    public string InstallNote { get; }

    /// <summary>The webpack build's wall time.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Installs (or reuses) the dependencies of the committed lockfile and builds the plugin in a new scratch folder.</summary>
    public static async Task<ConsolePluginBuild> BuildAsync()
    {
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Source, "package-lock.json"))))[..16];
        var cacheRoot = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var cached = Path.Combine(cacheRoot, "sparktuner", "console-plugin", lockHash);
        var workDir = Path.Combine(Path.GetTempPath(), "sparktuner-plugin-" + Guid.NewGuid().ToString("N")[..10]);

        Directory.CreateDirectory(workDir);
        foreach (var name in Sources) Copy(Path.Combine(Source, name), Path.Combine(workDir, name));

        var watch = Stopwatch.StartNew();
        string installNote;
        if (File.Exists(Path.Combine(cached, "node_modules", ".package-lock.json")))
        {
            installNote = "node_modules from the cache of this lockfile";
        }
        else
        {
            // npm ci into a fresh folder next to the cache entry, then renamed into place: a run stopped midway leaves no
            // half-installed entry, and two runs at once each install and one rename wins.
            var staging = cached + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Directory.CreateDirectory(staging);
            File.Copy(Path.Combine(Source, "package.json"), Path.Combine(staging, "package.json"));
            File.Copy(Path.Combine(Source, "package-lock.json"), Path.Combine(staging, "package-lock.json"));
            await RunAsync(staging, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(10));
            try
            {
                Directory.Move(staging, cached);
            }
            catch (IOException) when (Directory.Exists(cached))
            {
                Directory.Delete(staging, recursive: true);
            }
            installNote = $"npm ci from package-lock.json in {watch.Elapsed.TotalSeconds:0} s";
        }

        // A link, not a copy (369 MB). webpack.config.js resolves without following it (resolve.symlinks: false), so the
        // output is what an in-place `npm ci && npm run build` writes: same chunk names, no cache path in them.
        var nodeModules = Path.Combine(workDir, "node_modules");
        Directory.CreateSymbolicLink(nodeModules, Path.Combine(cached, "node_modules"));
        watch.Restart();
        await RunAsync(workDir, "npm", ["run", "build", "--silent"], TimeSpan.FromMinutes(5));
        return new ConsolePluginBuild(workDir, nodeModules, installNote, watch.Elapsed);
    }

    /// <summary>Runs <paramref name="file"/> in <paramref name="dir"/>; its exit code and output.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string dir, string file, IEnumerable<string> args, TimeSpan timeout) =>
        ExternalProcess.RunAsync(file, args, timeout, dir, NpmEnvironment);

    // No colour codes in what the tests read, and no update check (offline).
    private static readonly Dictionary<string, string> NpmEnvironment = new() { ["NO_COLOR"] = "1", ["npm_config_update_notifier"] = "false" };

    private static async Task RunAsync(string dir, string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await TryRunAsync(dir, file, args, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}:\n{stdout}\n{stderr}");
        }
    }

    /// <summary>Copies a file, or a folder with everything in it.</summary>
    public static void Copy(string from, string to)
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

    /// <summary>Removes the scratch folder; the cached node_modules the link points to stays.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(NodeModules)) Directory.Delete(NodeModules);
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException) { }
    }
}
