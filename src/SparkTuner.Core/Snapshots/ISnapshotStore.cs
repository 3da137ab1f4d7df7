namespace SparkTuner.Core.Snapshots;

/// <summary>
/// Where snapshots are kept (port; the EF Core adapter is SparkTuner.Storage). Snapshots are immutable: there is no
/// update, and a save is one transaction (a crash leaves the snapshot whole or absent).
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Stores <paramref name="snapshot"/> under its id.</summary>
    /// <returns>The stored size in bytes (compressed payload).</returns>
    /// <exception cref="SnapshotExistsException">A snapshot with this id exists.</exception>
    Task<long> SaveAsync(ComparisonSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The snapshot with <paramref name="id"/>, or null (also for an id of the wrong shape).</summary>
    /// <exception cref="SnapshotFormatException">The stored payload is not readable by this version.</exception>
    Task<ComparisonSnapshot?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The stored export JSON (uncompressed UTF-8) of <paramref name="id"/>, or null.</summary>
    Task<byte[]?> ExportAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Snapshots newest first; <paramref name="search"/> (case-insensitive) matches a run name, run id or side label.</summary>
    Task<IReadOnlyList<SnapshotSummary>> ListAsync(string? search = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="id"/>; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Total stored size in bytes and the number of snapshots.</summary>
    Task<(long Bytes, int Count)> TotalsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes snapshots created before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
