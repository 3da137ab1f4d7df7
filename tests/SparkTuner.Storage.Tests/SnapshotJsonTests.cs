using System.Text;
using System.Text.Json.Nodes;
using SparkTuner.Core.Snapshots;
using SparkTuner.TestSupport;

namespace SparkTuner.Storage.Tests;

public sealed class SnapshotJsonTests
{
    private static readonly byte[] s_json = SnapshotJson.Serialize(SnapshotSamples.Make());

    [Fact]
    public void A_snapshot_reads_back_as_written()
    {
        var read = SnapshotJson.Deserialize(s_json);
        Assert.Equal(s_json, SnapshotJson.Serialize(read));
        Assert.Equal(SnapshotJson.KindName, read.Kind);
        Assert.Equal(s_json, SnapshotJson.Decompress(SnapshotJson.Compress(s_json)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void A_truncated_file_is_refused_as_truncated(double keep)
    {
        var cut = s_json[..(int)(s_json.Length * keep)];
        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(cut));
        Assert.Contains("truncated or corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"hello":"world"}""", "no \"kind\": \"sparktuner-snapshot\"")]
    [InlineData("""[1,2,3]""", "no \"kind\"")]
    [InlineData("""{"kind":"sparktuner-snapshot"}""", "\"formatVersion\" is missing")]
    [InlineData("""{"kind":"sparktuner-snapshot","formatVersion":99}""", "format version 99, written by a newer SparkTuner")]
    [InlineData("""{"kind":"sparktuner-snapshot","formatVersion":1}""", "Not a valid SparkTuner snapshot")]
    public void A_foreign_or_newer_document_is_refused_with_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("result", null, "result")]
    [InlineData("id", "short", "id 'short' is not 22 base64url characters")]
    [InlineData("source", null, "source")]
    public void A_missing_or_wrong_field_is_refused(string field, string? value, string expected)
    {
        var node = JsonNode.Parse(s_json)!.AsObject();
        if (value is null) node.Remove(field); else node[field] = value;
        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_whose_x_and_y_differ_in_length_is_refused()
    {
        var node = JsonNode.Parse(s_json)!;
        node["groups"]![0]!["panels"]![0]!["charts"]![0]!["chart"]!["traces"]![0]!["x"]!.AsArray().RemoveAt(0);
        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains("x and y of different lengths", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_are_128_random_bits_in_22_url_safe_characters()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SnapshotIds.New()).ToList();
        Assert.All(ids, id => Assert.True(SnapshotIds.IsValid(id), id));
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{22}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(SnapshotIds.IsValid("../../etc/passwd"));
        Assert.False(SnapshotIds.IsValid(ids[0] + "A"));
        Assert.False(SnapshotIds.IsValid(null));
    }
}
