using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s.Models;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.Deploy.Tests;

/// <summary>
/// deploy/container/Containerfile, built offline and run as the manifests run it: the framework-dependent publish of
/// the web app on a base made with no registry (deploy/container/base-from-debian: buildah from scratch, Debian
/// libraries, the local ASP.NET Core runtime, no shell), built by rootful podman, started with a read-only root,
/// every capability dropped, no new privileges and an arbitrary non-root uid in group 0 (as OpenShift runs it), with
/// the base ConfigMap's settings, against a real Prometheus. The image carries the built console plugin (built from its
/// lockfile as the plugin's own tests build it), and with the openshift overlay's plugin setting the container serves
/// it under /console-plugin/. Prints the image size, the plugin's share and the time to ready.
/// </summary>
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    /// <summary>The built console plugin's folder in the publish folder, so in the image under /app.</summary>
    internal const string PluginFolder = "console-plugin";

    // The settings TOOLCHAIN §7 found necessary in this sandbox (crun 1.8 fails on hybrid cgroups; limits cannot be raised).
    private const string ContainersConf = """
        [containers]
        default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        """;

    private static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        throw new InvalidOperationException(
            $"'{name}' not found: the container image test needs podman, buildah and runc; deploy/local/test installs them with apt-get.");
    }

    private sealed record Run(int ExitCode, string Output);

    private static async Task<Run> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await ExternalProcess.RunAsync(file, args, timeout, environment: environment);
        return new Run(code, stdout + stderr);
    }

    private static async Task<string> MustAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var list = args.ToList();
        var run = await RunAsync(file, list, environment, timeout);
        Assert.True(run.ExitCode == 0, $"{Path.GetFileName(file)} {string.Join(' ', list)} failed ({run.ExitCode}):\n{run.Output}");
        return run.Output;
    }

    [Fact]
    public async Task Image_BuiltOfflineWithTheConsolePlugin_RunsReadOnlyAsArbitraryUidWithoutCapabilities_HealthzReadyzMetricsAndPluginManifest200()
    {
        var podman = Tool("podman");
        Tool("buildah");
        Tool("runc");
        var root = ServerProcess.NewRoot("image");
        var tag = "localhost/sparktuner-test:" + Guid.NewGuid().ToString("N")[..8];
        var container = "sparktuner-test-" + Guid.NewGuid().ToString("N")[..8];
        var confPath = Path.Combine(root, "containers.conf");
        await File.WriteAllTextAsync(confPath, ContainersConf);
        var env = new Dictionary<string, string> { ["CONTAINERS_CONF"] = confPath };
        var clock = Stopwatch.StartNew();
        try
        {
            // 1. Publish the app as it is built (framework-dependent, the Release build of this test run).
            var publish = Path.Combine(root, "publish");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            await MustAsync(dotnet, ["publish", Path.Combine(RepoPaths.Root, "src", "SparkTuner.Web", "SparkTuner.Web.csproj"),
                "-c", "Release", "--no-build", "-nologo", "-o", publish], env, TimeSpan.FromMinutes(5));
            var published = clock.Elapsed;
            // The built console plugin goes into the publish folder: the image carries it at /app/console-plugin.
            using (var plugin = await ConsolePluginBuild.BuildAsync())
            {
                ConsolePluginBuild.Copy(plugin.Dist, Path.Combine(publish, PluginFolder));
            }
            var pluginBuilt = clock.Elapsed - published;
            var pluginBytes = Directory.EnumerateFiles(Path.Combine(publish, PluginFolder)).Sum(f => new FileInfo(f).Length);

            // 2. The base, with no registry: kept between runs under the runtime's version (rebuilding costs ~10 s).
            var runtime = Path.GetFileName(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            var baseImage = $"localhost/sparktuner-test-base:{runtime}";
            if ((await RunAsync(podman, ["image", "exists", baseImage], env, TimeSpan.FromMinutes(1))).ExitCode != 0)
            {
                await MustAsync(Path.Combine(RepoPaths.Root, "deploy", "container", "base-from-debian"), [baseImage], env, TimeSpan.FromMinutes(5));
            }
            // The base has no shell: the image needs none.
            var shell = await RunAsync(podman, ["run", "--rm", "--network=none", "--entrypoint", "/bin/sh", baseImage, "-c", "true"], env, TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, shell.ExitCode);

            // 3. The image.
            var built = clock.Elapsed;
            await MustAsync(podman, ["build", "-q", "-f", Path.Combine(RepoPaths.Root, "deploy", "container", "Containerfile"),
                "--build-arg", $"BASE_IMAGE={baseImage}", "--build-arg", "VERSION=1.2.3-test", "--build-arg", "REVISION=0123abc",
                "-t", tag, publish], env, TimeSpan.FromMinutes(5));
            var buildTime = clock.Elapsed - built;
            using (var inspect = JsonDocument.Parse(await MustAsync(podman, ["image", "inspect", tag], env, TimeSpan.FromMinutes(1))))
            {
                var image = inspect.RootElement[0];
                var config = image.GetProperty("Config");
                Assert.Equal("10001:0", config.GetProperty("User").GetString());
                var labels = config.GetProperty("Labels");
                Assert.Equal("1.2.3-test", labels.GetProperty("org.opencontainers.image.version").GetString());
                Assert.Equal("0123abc", labels.GetProperty("org.opencontainers.image.revision").GetString());
                Assert.True(labels.TryGetProperty("org.opencontainers.image.source", out _));
                var size = image.GetProperty("Size").GetInt64();
                output.WriteLine($"image size: {size / 1e6:F0} MB ({size} bytes), of which the console plugin {pluginBytes / 1024} KiB; " +
                                 $"publish {published.TotalSeconds:F1} s, plugin build {pluginBuilt.TotalSeconds:F1} s, image build {buildTime.TotalSeconds:F1} s");
            }

            // 4. Run it as the Deployment does, with the base ConfigMap's settings, against a real Prometheus.
            await using var prometheus = await PrometheusServer.StartAsync();
            var settings = ((V1ConfigMap)(await KubernetesManifestTests.RenderAsync(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "base")))
                .Single(o => o is V1ConfigMap c && c.Metadata.Name == "sparktuner-settings")).Data;
            // The openshift overlay's Deployment (with the console plugin component) names the folder of the plugin.
            var pluginDirectory = ((V1Deployment)(await KubernetesManifestTests.RenderAsync(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "overlays", "openshift")))
                .Single(o => o is V1Deployment)).Spec.Template.Spec.Containers.Single(c => c.Name == "sparktuner")
                .Env.Single(e => e.Name == "Embedding__ConsolePluginDirectory").Value;
            var port = PrometheusServer.FreePort();
            var args = new List<string>
            {
                "run", "-d", "--name", container, "--read-only", "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                // An OpenShift-style arbitrary uid in group 0, not the image's own 10001: nothing may depend on the uid.
                "--user", "1000650000:0", "--network=host",
                // The two writable places the manifests give it (emptyDir volumes there).
                "--tmpfs", "/tmp:rw,mode=1777", "--tmpfs", "/data:rw,mode=1777",
            };
            foreach (var (k, v) in settings) args.AddRange(["-e", $"{k}={v}"]);
            args.AddRange(["-e", $"Prometheus__BaseUrl={prometheus.BaseUrl}", "-e", $"ASPNETCORE_HTTP_PORTS={port}",
                "-e", $"Embedding__ConsolePluginDirectory={pluginDirectory}", tag]);

            var started = Stopwatch.StartNew();
            await MustAsync(podman, args, env, TimeSpan.FromMinutes(1));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? ready = null;
            while (started.Elapsed < TimeSpan.FromSeconds(60) && ready != HttpStatusCode.OK)
            {
                try
                {
                    using var response = await http.GetAsync("/readyz");
                    ready = response.StatusCode;
                }
                catch (HttpRequestException) { }
                if (ready != HttpStatusCode.OK) await Task.Delay(50);
            }
            var timeToReady = started.Elapsed;
            var logs = (await RunAsync(podman, ["logs", container], env, TimeSpan.FromMinutes(1))).Output;
            Assert.True(ready == HttpStatusCode.OK, $"/readyz never answered 200 (last: {ready?.ToString() ?? "no answer"}); container log:\n{logs}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time to ready: {timeToReady.TotalSeconds:F2} s (podman run to /readyz 200)"));

            using (var healthz = await http.GetAsync("/healthz")) Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
            var readyz = await http.GetStringAsync("/readyz");
            Assert.Contains($"\"prometheus\":\"{prometheus.BaseUrl}\"", readyz, StringComparison.Ordinal);
            using (var metrics = await http.GetAsync("/metrics")) Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            using (var page = await http.GetAsync("/")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            // The plugin from the image, where the ConsolePlugin's backend (basePath /console-plugin/) fetches it.
            using (var manifest = await http.GetAsync("/console-plugin/plugin-manifest.json"))
            {
                Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
                using var json = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
                Assert.Equal("sparktuner", json.RootElement.GetProperty("name").GetString());
                var entry = json.RootElement.GetProperty("loadScripts")[0].GetString();
                using var script = await http.GetAsync("/console-plugin/" + entry);
                Assert.Equal(HttpStatusCode.OK, script.StatusCode);
                Assert.StartsWith("__load_plugin_entry__(\"sparktuner\"", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // The process really runs as that uid with no capability at all.
            var status = await MustAsync(podman, ["top", container, "user", "capeff"], env, TimeSpan.FromMinutes(1));
            output.WriteLine(status);
            Assert.Contains("1000650000", status, StringComparison.Ordinal);
            Assert.DoesNotContain("root", status.Split('\n').Skip(1).FirstOrDefault() ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("exception", logs, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await RunAsync(podman, ["rm", "-f", "-t", "0", container], env, TimeSpan.FromMinutes(1));
            await RunAsync(podman, ["rmi", "-f", tag], env, TimeSpan.FromMinutes(1));
            Directory.Delete(root, recursive: true);
            output.WriteLine($"whole test: {clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}
