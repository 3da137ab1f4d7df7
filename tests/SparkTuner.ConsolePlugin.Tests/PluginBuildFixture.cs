using SparkTuner.TestSupport;

namespace SparkTuner.ConsolePlugin.Tests;

/// <summary>The console plugin built once for this project's tests (<see cref="ConsolePluginBuild"/>).</summary>
public sealed class PluginBuildFixture : IAsyncLifetime
{
    private ConsolePluginBuild? _build;

    private ConsolePluginBuild Build => _build ?? throw new InvalidOperationException("not built");

    /// <summary>The scratch copy the plugin was built in.</summary>
    public string WorkDir => Build.WorkDir;

    /// <summary>The build output (plugin-manifest.json, plugin-entry.js, chunks).</summary>
    public string Dist => Build.Dist;

    /// <summary>How the dependencies were got this run, and what it took (printed by the tests).</summary>
    public string InstallNote => Build.InstallNote;

    public TimeSpan BuildTime => Build.BuildTime;

    public async Task InitializeAsync() => _build = await ConsolePluginBuild.BuildAsync();

    public Task DisposeAsync()
    {
        _build?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PluginCollection : ICollectionFixture<PluginBuildFixture>
{
    public const string Name = "console-plugin";
}
