using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkTuner.Core.Comparison;

/// <summary>JSON settings shared by the HTTP API, the CLI and tests: camelCase names, enums as lower snake strings.</summary>
public static class ComparisonJson
{
    /// <summary>camelCase properties, lower_snake enum values (<c>within_noise</c>, <c>lower_is_better</c>, <c>n/a</c>), nulls written.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serialises a result with <see cref="Options"/>.</summary>
    public static string Serialize(ComparisonResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Reads a result written with <see cref="Options"/>.</summary>
    public static ComparisonResult Deserialize(string json) =>
        JsonSerializer.Deserialize<ComparisonResult>(json, Options) ?? throw new JsonException("empty comparison JSON");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = false,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
