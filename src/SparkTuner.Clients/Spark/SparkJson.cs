using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace SparkTuner.Clients.Spark;

/// <summary>
/// Spark's REST date format <c>yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'</c> (always UTC), e.g. <c>2019-04-08T20:39:49.747GMT</c>.
/// An empty string (lastUpdated in test expectations) reads as null.
/// </summary>
public sealed class SparkDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>The .NET spelling of Spark's pattern.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'GMT'";

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"Expected a Spark date string, got {reader.TokenType}.");
        var text = reader.GetString();
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value;
        throw new JsonException($"'{text}' is not a Spark date ({Format}).");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(v.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}

/// <summary>Serializer settings for Spark's JSON, shared by the Refit client and tests/demo servers.</summary>
public static class SparkJson
{
    /// <summary>Case-insensitive names (totalGCTime ↔ TotalGcTime), unknown members ignored, Spark dates.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Refit settings using <see cref="Options"/>.</summary>
    public static RefitSettings RefitSettings() => new(new SystemTextJsonContentSerializer(Options));

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        o.Converters.Add(new SparkDateTimeConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
