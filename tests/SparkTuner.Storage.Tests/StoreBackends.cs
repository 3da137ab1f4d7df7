using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SparkTuner.Clients.Configuration;
using SparkTuner.Core.Snapshots;
using SparkTuner.Storage;
using SparkTuner.TestSupport;

namespace SparkTuner.Storage.Tests;

/// <summary>A fresh, migrated snapshot database of one engine: its configuration, services and store.</summary>
public sealed class StoreHandle(ServiceProvider services, IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    public ServiceProvider Services { get; } = services;
    public ISnapshotStore Store => Services.GetRequiredService<ISnapshotStore>();

    /// <summary>The Snapshots:* settings, as environment variables for a child process.</summary>
    public IReadOnlyDictionary<string, string> Environment => settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value ?? "");

    public static async Task<StoreHandle> OpenAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSnapshotStorage(configuration).BuildServiceProvider();
        services.ValidateOnStartNow();
        await SnapshotStorage.PrepareAsync(services);
        return new StoreHandle(services, settings);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>Makes fresh snapshot databases of one engine.</summary>
public interface IStoreBackend
{
    string Engine { get; }
    Task<StoreHandle> NewAsync();
}

/// <summary>SQLite: a new file in a temporary folder per database.</summary>
public sealed class SqliteBackend : IStoreBackend, IDisposable
{
    private readonly string _root = ServerProcess.NewRoot("sqlite");
    public string Engine => "sqlite";

    public Task<StoreHandle> NewAsync() => StoreHandle.OpenAsync(new Dictionary<string, string?>
    {
        ["Snapshots:Provider"] = "sqlite",
        // A folder that does not exist yet: created at start.
        ["Snapshots:Path"] = Path.Combine(_root, Guid.NewGuid().ToString("N"), "snapshots.db"),
    });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>PostgreSQL 15: one real cluster started for the test class, a new database per handle.</summary>
public sealed class PostgresBackend : IStoreBackend, IAsyncLifetime
{
    private PostgresServer? _server;
    public string Engine => "postgresql";
    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task<StoreHandle> NewAsync()
    {
        var name = "snap_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new NpgsqlConnection(Server.ConnectionString()))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return await StoreHandle.OpenAsync(new Dictionary<string, string?>
        {
            ["Snapshots:Provider"] = "postgresql",
            ["Snapshots:ConnectionString"] = Server.ConnectionString(name),
        });
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null) await _server.DisposeAsync();
    }
}
