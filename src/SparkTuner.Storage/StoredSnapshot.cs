namespace SparkTuner.Storage;

/// <summary>
/// A snapshot row: a few columns to list and search without reading payloads, and the Brotli-compressed snapshot JSON.
/// Written once, never updated (<see cref="SnapshotDbContext"/> refuses modifications).
/// </summary>
public sealed class StoredSnapshot
{
    /// <summary>The snapshot id (22 base64url characters).</summary>
    public required string Id { get; init; }

    /// <summary>Creation time, Unix milliseconds (an integer sorts and compares the same on SQLite and PostgreSQL).</summary>
    public required long CreatedAtMs { get; init; }

    /// <summary>One-line title.</summary>
    public required string Title { get; init; }

    /// <summary>Data source the comparison came from.</summary>
    public required string Source { get; init; }

    /// <summary>SparkTuner's version that took it.</summary>
    public required string ProductVersion { get; init; }

    /// <summary>Format version of the payload.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Baseline run names, one per line.</summary>
    public required string BaselineRuns { get; init; }

    /// <summary>Candidate run names, one per line.</summary>
    public required string CandidateRuns { get; init; }

    /// <summary>Lower-cased run names, ids and side labels a search matches.</summary>
    public required string SearchText { get; init; }

    /// <summary>Length of <see cref="Payload"/> in bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Brotli-compressed snapshot JSON.</summary>
    public required byte[] Payload { get; init; }
}
