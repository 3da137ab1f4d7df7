namespace SparkTuner.Core.Spark;

/// <summary>Cached data of one dataset name (RDDs sharing a name are added up).</summary>
/// <param name="Name">RDD / Dataset name as Spark shows it.</param>
/// <param name="RddIds">RDD ids with this name.</param>
/// <param name="StorageLevel">Storage level (distinct levels joined with "; " when they differ).</param>
/// <param name="CachedPartitions">Partitions currently cached.</param>
/// <param name="TotalPartitions">Partitions of the RDD.</param>
/// <param name="MemoryUsed">Bytes in memory.</param>
/// <param name="DiskUsed">Bytes on disk.</param>
public sealed record CachedDataset(
    string Name,
    IReadOnlyList<int> RddIds,
    string StorageLevel,
    int CachedPartitions,
    int TotalPartitions,
    long MemoryUsed,
    long DiskUsed);

/// <summary>What an application holds in Spark's storage (storage/rdd), largest first, with totals.</summary>
/// <param name="Datasets">Per dataset name, by memory + disk used descending.</param>
/// <param name="TotalMemoryUsed">Sum of memory used, bytes.</param>
/// <param name="TotalDiskUsed">Sum of disk used, bytes.</param>
/// <param name="TotalCachedPartitions">Sum of cached partitions.</param>
/// <param name="TotalPartitions">Sum of partitions.</param>
public sealed record CachedDataSummary(
    IReadOnlyList<CachedDataset> Datasets,
    long TotalMemoryUsed,
    long TotalDiskUsed,
    int TotalCachedPartitions,
    int TotalPartitions)
{
    /// <summary>True when nothing is persisted.</summary>
    public bool IsEmpty => Datasets.Count == 0;

    /// <summary>Builds the summary from the storage/rdd list.</summary>
    public static CachedDataSummary From(IEnumerable<SparkRddStorage> rdds)
    {
        var datasets = rdds
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .Select(g => new CachedDataset(
                g.Key,
                g.Select(r => r.Id).Order().ToList(),
                string.Join("; ", g.Select(r => r.StorageLevel).Distinct(StringComparer.Ordinal)),
                g.Sum(r => r.NumCachedPartitions),
                g.Sum(r => r.NumPartitions),
                g.Sum(r => r.MemoryUsed),
                g.Sum(r => r.DiskUsed)))
            .OrderByDescending(d => d.MemoryUsed + d.DiskUsed)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        return new CachedDataSummary(
            datasets,
            datasets.Sum(d => d.MemoryUsed),
            datasets.Sum(d => d.DiskUsed),
            datasets.Sum(d => d.CachedPartitions),
            datasets.Sum(d => d.TotalPartitions));
    }
}
