using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Core.Snapshots;
using SparkTuner.TestSupport;

namespace SparkTuner.Storage.Tests;

/// <summary>The same storage contract, run against SQLite and against a real PostgreSQL (derived classes).</summary>
public abstract class SnapshotStoreTests(IStoreBackend backend)
{
    [Fact]
    public async Task A_saved_snapshot_reads_back_byte_for_byte_and_its_export_is_the_same_json()
    {
        await using var db = await backend.NewAsync();
        var snapshot = SnapshotSamples.Make();
        var size = await db.Store.SaveAsync(snapshot);

        var read = await db.Store.GetAsync(snapshot.Id);
        Assert.NotNull(read);
        Assert.Equal(SnapshotJson.Serialize(snapshot), SnapshotJson.Serialize(read));
        // NaN (a chart gap) survives.
        Assert.True(double.IsNaN(read.Groups[0].Panels[0].Charts[0].Chart!.Traces[0].Y[100]));
        Assert.Equal(SnapshotJson.Serialize(snapshot), await db.Store.ExportAsync(snapshot.Id));
        Assert.Equal((size, 1), await db.Store.TotalsAsync());
        Assert.True(size < SnapshotJson.Serialize(snapshot).Length, "the payload is stored compressed");
    }

    [Fact]
    public async Task Lists_newest_first_and_searches_run_names_ids_and_labels_case_insensitively()
    {
        await using var db = await backend.NewAsync();
        var t = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var older = SnapshotSamples.Make("etl-noncached", "etl-cached", t);
        var newer = SnapshotSamples.Make("join-small", "join-broadcast", t.AddMinutes(1));
        await db.Store.SaveAsync(older);
        await db.Store.SaveAsync(newer);

        Assert.Equal([newer.Id, older.Id], (await db.Store.ListAsync()).Select(s => s.Id));
        Assert.Equal([newer.Id], (await db.Store.ListAsync("BROADCAST")).Select(s => s.Id));
        Assert.Equal([older.Id], (await db.Store.ListAsync("etl-cach")).Select(s => s.Id));
        Assert.Equal([older.Id], (await db.Store.ListAsync(" ETL ")).Select(s => s.Id));
        Assert.Empty(await db.Store.ListAsync("nothing-like-this"));
        var listed = (await db.Store.ListAsync()).Single(s => s.Id == older.Id);
        Assert.Equal(["etl-noncached", "etl-noncached", "etl-noncached"], listed.BaselineRuns);
        Assert.Equal(t, listed.CreatedAt);
        Assert.Equal("3 × etl-noncached vs 3 × etl-cached", listed.Title);
    }

    [Fact]
    public async Task Delete_removes_one_snapshot_and_retention_removes_the_old_ones()
    {
        await using var db = await backend.NewAsync();
        var t = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var a = SnapshotSamples.Make(createdAt: t.AddDays(-40));
        var b = SnapshotSamples.Make(createdAt: t.AddDays(-10));
        var c = SnapshotSamples.Make(createdAt: t);
        foreach (var s in new[] { a, b, c }) await db.Store.SaveAsync(s);

        Assert.True(await db.Store.DeleteAsync(b.Id));
        Assert.False(await db.Store.DeleteAsync(b.Id));
        Assert.False(await db.Store.DeleteAsync("not an id"));
        Assert.Null(await db.Store.GetAsync(b.Id));
        Assert.Equal(1, await db.Store.DeleteOlderThanAsync(t.AddDays(-30)));
        Assert.Equal([c.Id], (await db.Store.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task An_id_is_never_replaced_and_a_stored_row_cannot_be_modified()
    {
        await using var db = await backend.NewAsync();
        var first = SnapshotSamples.Make("first", "first-b");
        await db.Store.SaveAsync(first);
        var clash = SnapshotSamples.Make("second", "second-b", id: first.Id);

        var ex = await Assert.ThrowsAsync<SnapshotExistsException>(() => db.Store.SaveAsync(clash));
        Assert.Equal(first.Id, ex.Id);
        Assert.Equal("first", (await db.Store.GetAsync(first.Id))!.Result.Baseline.Runs[0].Name);

        await using var context = await db.Services.GetRequiredService<IDbContextFactory<SnapshotDbContext>>().CreateDbContextAsync();
        var row = await context.Snapshots.SingleAsync();
        context.Entry(row).Property(r => r.Title).CurrentValue = "edited";
        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task Concurrent_saves_all_land_whole()
    {
        await using var db = await backend.NewAsync();
        var snapshots = Enumerable.Range(0, 24).Select(i => SnapshotSamples.Make($"run-{i}", $"cand-{i}", points: 2000)).ToList();

        await Task.WhenAll(snapshots.Select(s => Task.Run(() => db.Store.SaveAsync(s))));

        Assert.Equal(snapshots.Select(s => s.Id).Order(), (await db.Store.ListAsync()).Select(s => s.Id).Order());
        foreach (var s in snapshots)
        {
            Assert.Equal(SnapshotJson.Serialize(s), await db.Store.ExportAsync(s.Id));
        }
    }

    [Fact]
    public async Task Preparing_a_migrated_database_again_changes_nothing()
    {
        await using var db = await backend.NewAsync();
        var s = SnapshotSamples.Make();
        await db.Store.SaveAsync(s);
        await SnapshotStorage.PrepareAsync(db.Services);
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<SnapshotDbContext>>().CreateDbContextAsync();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(["20261130000000_Initial"], await context.Database.GetAppliedMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges());
        Assert.NotNull(await db.Store.GetAsync(s.Id));
    }
}

public sealed class SqliteSnapshotStoreTests(SqliteBackend backend) : SnapshotStoreTests(backend), IClassFixture<SqliteBackend>
{
    [Fact]
    public async Task The_sqlite_file_is_in_write_ahead_log_mode()
    {
        await using var db = await backend.NewAsync();
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<SnapshotDbContext>>().CreateDbContextAsync();
        var mode = await context.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", mode);
    }
}

public sealed class PostgresSnapshotStoreTests(PostgresBackend backend) : SnapshotStoreTests(backend), IClassFixture<PostgresBackend>;
