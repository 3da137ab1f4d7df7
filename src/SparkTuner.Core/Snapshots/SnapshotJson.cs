using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparkTuner.Core.Comparison;

namespace SparkTuner.Core.Snapshots;

/// <summary>
/// The snapshot's one JSON form: the export file, the API's body and (Brotli-compressed) the stored payload.
/// <see cref="ComparisonJson.Options"/> (camelCase, snake_case enums) plus NaN/±Infinity written as strings (a chart's
/// gaps are NaN), required constructor parameters and nullable annotations respected, so a file with a field missing
/// or null where it may not be is refused rather than read half.
/// </summary>
public static class SnapshotJson
{
    /// <summary>The <c>kind</c> every snapshot document carries.</summary>
    public const string KindName = "sparktuner-snapshot";

    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Serializer settings of snapshot documents.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The snapshot as UTF-8 JSON.</summary>
    public static byte[] Serialize(ComparisonSnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, Options);

    /// <summary>
    /// Reads and validates a snapshot document: complete JSON, <c>kind</c> = <see cref="KindName"/>, a
    /// <c>formatVersion</c> this version reads, every required field present, a well-formed id, chart arrays of equal
    /// lengths.
    /// </summary>
    /// <exception cref="SnapshotFormatException">What is wrong, in one sentence a person can act on.</exception>
    public static ComparisonSnapshot Deserialize(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new SnapshotFormatException(
                $"Not a complete JSON document ({utf8.Length} bytes; {Where(ex)}): the file is truncated or corrupt.", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != KindName)
            {
                throw new SnapshotFormatException($"Not a SparkTuner snapshot: the document has no \"kind\": \"{KindName}\".");
            }
            if (!root.TryGetProperty("formatVersion", out var v) || !v.TryGetInt32(out var version) || version < 1)
            {
                throw new SnapshotFormatException("Not a valid SparkTuner snapshot: \"formatVersion\" is missing or not a positive integer.");
            }
            if (version > CurrentVersion)
            {
                throw new SnapshotFormatException(
                    $"This snapshot has format version {version}, written by a newer SparkTuner; this version reads format {CurrentVersion}.");
            }

            ComparisonSnapshot snapshot;
            try
            {
                snapshot = root.Deserialize<ComparisonSnapshot>(Options) ?? throw new JsonException("null document");
            }
            catch (JsonException ex)
            {
                throw new SnapshotFormatException($"Not a valid SparkTuner snapshot: {ex.Message}", ex);
            }

            Validate(snapshot);
            return snapshot;
        }
    }

    /// <summary>Brotli-compressed <see cref="Serialize"/>: what a store keeps.</summary>
    public static byte[] Compress(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(utf8);
        }
        return output.ToArray();
    }

    /// <summary>The JSON of a <see cref="Compress"/>ed payload.</summary>
    /// <exception cref="SnapshotFormatException">The payload is not Brotli data.</exception>
    public static byte[] Decompress(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var input = new BrotliStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new SnapshotFormatException("The stored snapshot is corrupt (its compressed payload does not decode).", ex);
        }
    }

    private static void Validate(ComparisonSnapshot s)
    {
        if (!SnapshotIds.IsValid(s.Id))
        {
            throw new SnapshotFormatException($"Not a valid SparkTuner snapshot: id '{Cut(s.Id)}' is not {SnapshotIds.Length} base64url characters ({SnapshotIds.Bytes * 8} bits).");
        }
        if (s.Result.Baseline.Runs.Count == 0 || s.Result.Candidate.Runs.Count == 0)
        {
            throw new SnapshotFormatException("Not a valid SparkTuner snapshot: a side has no run.");
        }
        foreach (var chart in s.Groups.SelectMany(g => g.Panels).SelectMany(p => p.Charts))
        {
            if (chart.Chart is { } c && c.Traces.Any(t => t.X is null || t.Y is null || t.X.Length != t.Y.Length))
            {
                throw new SnapshotFormatException($"Not a valid SparkTuner snapshot: a trace of chart '{Cut(c.Title)}' has x and y of different lengths.");
            }
        }
    }

    private static string Cut(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    private static string Where(JsonException ex) =>
        ex.LineNumber is { } line ? $"stops making sense at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "unreadable";

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ComparisonJson.Options)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.MakeReadOnly();
        return options;
    }
}
