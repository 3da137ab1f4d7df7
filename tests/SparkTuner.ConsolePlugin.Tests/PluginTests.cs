using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparkTuner.TestSupport;
using Xunit.Abstractions;

namespace SparkTuner.ConsolePlugin.Tests;

/// <summary>
/// The console plugin as built from its lockfile: its manifest checked strictly against the SDK's schema (which the build
/// alone does not do), each exposed component rendered in jsdom from a loopback server, and SparkTuner serving the
/// built files under /console-plugin/.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class PluginTests(PluginBuildFixture fx, ITestOutputHelper output)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    private Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(string manifest) =>
        ConsolePluginBuild.TryRunAsync(fx.WorkDir, "node", ["test/check-manifest.mjs", manifest], NodeTimeout);

    private async Task<string> ManifestWithAsync(Action<JsonNode> change)
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(fx.Dist, "plugin-manifest.json")))!;
        change(manifest);
        var path = Path.Combine(fx.WorkDir, $"manifest-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, manifest.ToJsonString());
        return path;
    }

    [Fact]
    public void Build_FromTheLockfile_WritesTheManifestAndTheEntry()
    {
        var files = Directory.GetFiles(fx.Dist);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        output.WriteLine($"{fx.InstallNote}; webpack build {fx.BuildTime.TotalSeconds:0.0} s; dist: {files.Length} files, {bytes / 1024} KiB");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.Dist, "plugin-manifest.json")))!;
        Assert.Equal("sparktuner", (string?)manifest["name"]);
        Assert.Equal("callback", (string?)manifest["registrationMethod"]);
        var entry = (string)manifest["loadScripts"]![0]!;
        Assert.True(File.Exists(Path.Combine(fx.Dist, entry)), entry);
        Assert.StartsWith("__load_plugin_entry__(\"sparktuner\"", File.ReadAllText(Path.Combine(fx.Dist, entry)));
    }

    [Fact]
    public async Task Manifest_AsBuilt_IsValidAgainstTheSdkSchemaOfSupportedExtensions()
    {
        var (code, stdout, stderr) = await CheckAsync(Path.Combine(fx.Dist, "plugin-manifest.json"));
        output.WriteLine(stdout + stderr);
        Assert.True(code == 0, stderr);
        Assert.Contains("ok: 5 extensions of sparktuner", stdout);
    }

    [Theory]
    // A misspelt type builds fine (the SDK's schema takes it as a custom extension) and must fail here.
    [InlineData("console.tab/horizantalNav", "is not an extension type the console supports")]
    [InlineData("console.page/rute", "is not an extension type the console supports")]
    public async Task Manifest_WithAMisspeltExtensionType_FailsTheCheck(string type, string expected)
    {
        var path = await ManifestWithAsync(m => m["extensions"]![type.StartsWith("console.tab", StringComparison.Ordinal) ? 2 : 0]!["type"] = type);
        var (code, _, stderr) = await CheckAsync(path);
        Assert.Equal(1, code);
        Assert.Contains($"'{type}' {expected}", stderr);
    }

    [Fact]
    public async Task Manifest_WithATabMissingItsPageOrAnUnknownProperty_FailsTheCheck()
    {
        var noPage = await ManifestWithAsync(m => m["extensions"]![2]!["properties"]!.AsObject().Remove("page"));
        var (code, _, stderr) = await CheckAsync(noPage);
        Assert.Equal(1, code);
        Assert.Contains("extensions[2] (console.tab/horizontalNav)/properties should have required property 'page'", stderr);

        var extra = await ManifestWithAsync(m => m["extensions"]![1]!["properties"]!["sektion"] = "observe");
        (code, _, stderr) = await CheckAsync(extra);
        Assert.Equal(1, code);
        Assert.Contains("should NOT have additional properties 'sektion'", stderr);
    }

    [Fact]
    public async Task Smoke_TheBuiltEntryLoadedInJsdom_RendersEachExposedComponent()
    {
        var (code, stdout, stderr) = await ConsolePluginBuild.TryRunAsync(fx.WorkDir, "node", ["test/smoke.mjs", fx.Dist], NodeTimeout);
        output.WriteLine(stdout + stderr);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("ok   DriverPodTab compares the pod's run spark-2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7", stdout);
        Assert.Contains("ok   SparkApplicationTab compares status.sparkApplicationId", stdout);
        Assert.Contains("ok   SparkTuningPage frames /api/proxy/plugin/sparktuner/backend/embed/runs?theme=light", stdout);
        Assert.DoesNotContain("FAIL", stdout);
    }

    [Fact]
    public async Task SparkTuner_WithConsolePluginDirectory_ServesTheBuiltPluginUnderConsolePlugin()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("Embedding:ConsolePluginDirectory", fx.Dist));
        using var http = app.CreateClient();

        using var manifest = await http.GetAsync("/console-plugin/plugin-manifest.json");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(fx.Dist, "plugin-manifest.json")), await manifest.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", manifest.Headers.CacheControl?.ToString());
        using var entry = await http.GetAsync("/console-plugin/plugin-entry.js");
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Equal("text/javascript", entry.Content.Headers.ContentType?.MediaType);
        using var missing = await http.GetAsync("/console-plugin/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
