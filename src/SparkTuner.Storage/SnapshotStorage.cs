using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Configuration;
using SparkTuner.Core.Snapshots;

namespace SparkTuner.Storage;

/// <summary>Registers the snapshot store and prepares its database (create, migrate, WAL).</summary>
public static class SnapshotStorage
{
    /// <summary>
    /// Adds <see cref="SnapshotOptions"/> (validated at start), the <see cref="SnapshotDbContext"/> factory for the
    /// configured provider and <see cref="ISnapshotStore"/>.
    /// </summary>
    public static IServiceCollection AddSnapshotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<SnapshotOptions, SnapshotOptionsValidator>(configuration.GetSection(SnapshotOptions.SectionName));
        services.AddPooledDbContextFactory<SnapshotDbContext>((sp, builder) => Configure(builder, sp.GetRequiredService<IOptions<SnapshotOptions>>().Value));
        services.AddSingleton<ISnapshotStore, EfSnapshotStore>();
        return services;
    }

    /// <summary>Points <paramref name="builder"/> at the database <paramref name="options"/> name.</summary>
    public static void Configure(DbContextOptionsBuilder builder, SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsPostgres)
        {
            builder.UseNpgsql(options.ConnectionString);
        }
        else
        {
            builder.UseSqlite(new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(options.Path),
                // Concurrent writers wait for the write lock (up to this many seconds) instead of failing with "database is locked".
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString());
        }
    }

    /// <summary>
    /// Creates the database (and, for SQLite, its folder), applies pending migrations (EF takes a migration lock, so
    /// replicas starting together migrate once) and switches SQLite to write-ahead logging (readers never wait for a
    /// writer; the setting is kept in the file).
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<SnapshotOptions>>().Value;
        if (!options.IsPostgres && Path.GetDirectoryName(Path.GetFullPath(options.Path)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        var factory = services.GetRequiredService<IDbContextFactory<SnapshotDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (!options.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
