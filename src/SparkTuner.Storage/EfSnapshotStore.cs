using Microsoft.EntityFrameworkCore;
using SparkTuner.Core.Snapshots;

namespace SparkTuner.Storage;

/// <summary>
/// <see cref="ISnapshotStore"/> on EF Core (SQLite or PostgreSQL, <see cref="SnapshotOptions"/>). Each call uses its own
/// short-lived context; a save is one INSERT in one transaction, so a crash leaves the snapshot whole or absent.
/// </summary>
public sealed class EfSnapshotStore(IDbContextFactory<SnapshotDbContext> contexts) : ISnapshotStore
{
    /// <inheritdoc />
    public async Task<long> SaveAsync(ComparisonSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var payload = SnapshotJson.Compress(SnapshotJson.Serialize(snapshot));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Snapshots.Add(new StoredSnapshot
        {
            Id = snapshot.Id,
            CreatedAtMs = snapshot.CreatedAt.ToUnixTimeMilliseconds(),
            Title = snapshot.Title,
            Source = snapshot.Source,
            ProductVersion = snapshot.ProductVersion,
            FormatVersion = snapshot.FormatVersion,
            BaselineRuns = string.Join('\n', snapshot.Result.Baseline.Runs.Select(r => r.Name)),
            CandidateRuns = string.Join('\n', snapshot.Result.Candidate.Runs.Select(r => r.Name)),
            SearchText = snapshot.SearchText,
            SizeBytes = payload.LongLength,
            Payload = payload,
        });
        try
        {
            // SaveChanges wraps its commands in one transaction of its own.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await ExistsAsync(snapshot.Id, cancellationToken)) throw new SnapshotExistsException(snapshot.Id);
            throw;
        }
        return payload.LongLength;
    }

    /// <inheritdoc />
    public async Task<ComparisonSnapshot?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await ExportAsync(id, cancellationToken) is { } json ? SnapshotJson.Deserialize(json) : null;

    /// <inheritdoc />
    public async Task<byte[]?> ExportAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!SnapshotIds.IsValid(id)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var payload = await db.Snapshots.AsNoTracking().Where(s => s.Id == id).Select(s => s.Payload).FirstOrDefaultAsync(cancellationToken);
        return payload is null ? null : SnapshotJson.Decompress(payload);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(string? search = null, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Snapshots.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // SearchText is stored lower-cased; Contains is LIKE/instr on SQLite and strpos on PostgreSQL, both case-sensitive.
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(s => s.SearchText.Contains(term));
        }
        var rows = await query.OrderByDescending(s => s.CreatedAtMs).Take(Math.Clamp(limit, 1, 10_000))
            .Select(s => new { s.Id, s.CreatedAtMs, s.Title, s.Source, s.BaselineRuns, s.CandidateRuns, s.SizeBytes })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new SnapshotSummary(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs), r.Title, r.Source,
            r.BaselineRuns.Split('\n'), r.CandidateRuns.Split('\n'), r.SizeBytes)).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!SnapshotIds.IsValid(id)) return false;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Snapshots.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public async Task<(long Bytes, int Count)> TotalsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var count = await db.Snapshots.CountAsync(cancellationToken);
        var bytes = count == 0 ? 0 : await db.Snapshots.SumAsync(s => s.SizeBytes, cancellationToken);
        return (bytes, count);
    }

    /// <inheritdoc />
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var ms = cutoff.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Snapshots.Where(s => s.CreatedAtMs < ms).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Snapshots.AnyAsync(s => s.Id == id, cancellationToken);
    }
}
