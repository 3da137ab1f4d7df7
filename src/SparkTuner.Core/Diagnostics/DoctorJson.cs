using System.Text.Json;
using System.Text.Json.Serialization;
using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Diagnostics;

/// <summary>
/// The one JSON shape of a <see cref="DoctorReport"/>, shared by <c>GET /api/doctor</c> and <c>sparktuner doctor --json</c>:
/// camelCase, enums as camelCase strings, times RFC 3339 UTC, the run as in <c>/api/runs</c>, plus the computed
/// <c>status</c> (healthy, problems, failed) and <c>exitCode</c> (0, 1, 2).
/// </summary>
public static class DoctorJson
{
    /// <summary>The serializer options (web defaults, indented, string enums, runs as <see cref="RunDto"/>).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Served as application/json and printed by the CLI, never embedded in HTML: keep quotes and '+' readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new RunConverter() },
    };

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    private sealed class RunConverter : JsonConverter<SparkRun>
    {
        public override SparkRun Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A doctor report is written, not read.");

        public override void Write(Utf8JsonWriter writer, SparkRun value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, RunDto.From(value), options);
    }
}
