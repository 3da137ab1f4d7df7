using System.Buffers.Text;
using System.Security.Cryptography;

namespace SparkTuner.Core.Snapshots;

/// <summary>
/// Snapshot ids: 128 bits from the operating system's CSPRNG, written as 22 base64url characters. A link is the only
/// key to a snapshot, so it must not be guessable (the same strength as a random UUID's 122 bits, plus six).
/// </summary>
public static class SnapshotIds
{
    /// <summary>Random bytes in an id.</summary>
    public const int Bytes = 16;

    /// <summary>Characters of an id (base64url of <see cref="Bytes"/> bytes, no padding).</summary>
    public const int Length = 22;

    /// <summary>A new random id.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Whether <paramref name="id"/> has the shape of an id (checked before any lookup or import).</summary>
    public static bool IsValid(string? id) =>
        id is { Length: Length } && Base64Url.IsValid(id, out var decoded) && decoded == Bytes;
}
