using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Prometheus;

/// <summary>Reads one <c>data</c> value; the reader is positioned on its first token and must end on its last.</summary>
public delegate T PrometheusDataReader<out T>(ref Utf8JsonReader reader);

/// <summary>Thrown by <see cref="PrometheusResponseParser"/> when valid JSON has the wrong shape.</summary>
public sealed class PrometheusWireException(string message) : Exception(message);

/// <summary>
/// Single-pass <see cref="Utf8JsonReader"/> parser of Prometheus answers. Field order does not matter; sample values
/// are strings parsed with the invariant culture ("NaN", "+Inf", "-Inf" map to <see cref="double.NaN"/> and ±infinity);
/// timestamps are float Unix seconds. Per series it allocates only the label dictionary and two exact-size arrays.
/// Throws <see cref="JsonException"/> (not JSON) or <see cref="PrometheusWireException"/> (JSON of the wrong shape).
/// </summary>
public static class PrometheusResponseParser
{
    /// <summary>Parses the envelope, handing <c>data</c> to <paramref name="readData"/>.</summary>
    public static PrometheusEnvelope<T> Parse<T>(ReadOnlySpan<byte> json, PrometheusDataReader<T> readData)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new PrometheusWireException("the answer is not a JSON object");
        }

        string? status = null, errorType = null, error = null;
        T? data = default;
        IReadOnlyList<string> warnings = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = ReadStringOrNull(ref reader); }
            else if (reader.ValueTextEquals("errorType"u8)) { reader.Read(); errorType = ReadStringOrNull(ref reader); }
            else if (reader.ValueTextEquals("error"u8)) { reader.Read(); error = ReadStringOrNull(ref reader); }
            else if (reader.ValueTextEquals("warnings"u8)) { reader.Read(); warnings = ReadStrings(ref reader); }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null || status == "error") { reader.Skip(); }
                else { data = readData(ref reader); }
            }
            else { reader.Read(); reader.Skip(); }
        }
        if (status is null)
        {
            throw new PrometheusWireException("the answer has no \"status\"");
        }
        return new PrometheusEnvelope<T>(status, data, errorType, error, warnings);
    }

    /// <summary>Reads <c>{"resultType": …, "result": …}</c> of /query and /query_range.</summary>
    public static PrometheusQueryData ReadQueryData(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "data");
        string? resultType = null;
        PrometheusQueryData? result = null;
        var empty = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resultType"u8)) { reader.Read(); resultType = ReadStringOrNull(ref reader); }
            else if (reader.ValueTextEquals("result"u8)) { reader.Read(); result = ReadResult(ref reader, out empty); }
            else { reader.Read(); reader.Skip(); }
        }

        if (empty)
        {
            return resultType switch
            {
                "matrix" => new PrometheusMatrix([]),
                "vector" => new PrometheusVector([]),
                _ => throw new PrometheusWireException($"empty result of type '{resultType}'"),
            };
        }
        if (result is null)
        {
            throw new PrometheusWireException("data has no \"result\"");
        }
        if (result is RawPair pair)
        {
            return resultType switch
            {
                "scalar" => new PrometheusScalar(pair.Timestamp, ParseSampleValue(System.Text.Encoding.UTF8.GetBytes(pair.Text))),
                "string" => new PrometheusString(pair.Timestamp, pair.Text),
                _ => throw new PrometheusWireException($"a [time, value] pair with resultType '{resultType}'"),
            };
        }
        if (resultType is not null && resultType != result.ResultType)
        {
            throw new PrometheusWireException($"resultType '{resultType}' does not match a result of {result.ResultType} shape");
        }
        return result;
    }

    /// <summary>Reads the array of label sets of /series.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadLabelSets(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "data");
        var list = new List<IReadOnlyDictionary<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadLabels(ref reader));
        }
        return list;
    }

    /// <summary>Reads an array of strings (/labels, /label/…/values, warnings).</summary>
    public static IReadOnlyList<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return [];
        Expect(ref reader, JsonTokenType.StartArray, "array of strings");
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadStringOrNull(ref reader) ?? throw new PrometheusWireException("null in an array of strings"));
        }
        return list;
    }

    /// <summary>Reads /status/buildinfo data. A body without a version (VictoriaMetrics before late 2023 answers
    /// <c>{"status":"success","data":{}}</c>) gives a null <see cref="PrometheusBuildInfo.Version"/>, not an error.</summary>
    public static PrometheusBuildInfo ReadBuildInfo(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "data");
        string? version = null, revision = null, branch = null, user = null, date = null, go = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType != JsonTokenType.String) { reader.Skip(); continue; }
            var value = reader.GetString();
            switch (name)
            {
                case "version": version = value; break;
                case "revision": revision = value; break;
                case "branch": branch = value; break;
                case "buildUser": user = value; break;
                case "buildDate": date = value; break;
                case "goVersion": go = value; break;
            }
        }
        return new PrometheusBuildInfo(string.IsNullOrWhiteSpace(version) ? null : version, revision, branch, user, date, go);
    }

    /// <summary>Parses a sample value as Prometheus writes it: a Go float string, or NaN, +Inf, -Inf.</summary>
    public static double ParseSampleValue(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("NaN"u8)) return double.NaN;
        if (text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8)) return double.PositiveInfinity;
        if (text.SequenceEqual("-Inf"u8)) return double.NegativeInfinity;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw new PrometheusWireException($"sample value '{System.Text.Encoding.UTF8.GetString(text)}' is not a number");
    }

    private static PrometheusQueryData? ReadResult(ref Utf8JsonReader reader, out bool empty)
    {
        empty = false;
        Expect(ref reader, JsonTokenType.StartArray, "result");
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            empty = true;
            return null;
        }
        if (reader.TokenType == JsonTokenType.Number)
        {
            // scalar or string: [time, "text"]. Which of the two is decided by resultType, so keep the text.
            var t = reader.GetDouble();
            reader.Read();
            Expect(ref reader, JsonTokenType.String, "scalar/string value");
            var raw = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray, "end of scalar/string pair");
            return new RawPair(t, raw);
        }

        List<TimeSeries>? matrix = null;
        List<InstantSample>? vector = null;
        var ts = ArrayPool<double>.Shared.Rent(256);
        var vs = ArrayPool<double>.Shared.Rent(256);
        try
        {
            do
            {
                Expect(ref reader, JsonTokenType.StartObject, "series");
                IReadOnlyDictionary<string, string>? labels = null;
                int n = -1;
                double instantT = 0, instantV = 0;
                var isInstant = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("metric"u8)) { reader.Read(); labels = ReadLabels(ref reader); }
                    else if (reader.ValueTextEquals("values"u8))
                    {
                        reader.Read();
                        Expect(ref reader, JsonTokenType.StartArray, "values");
                        n = 0;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (n == ts.Length)
                            {
                                Grow(ref ts, n);
                                Grow(ref vs, n);
                            }
                            ReadPair(ref reader, out ts[n], out vs[n]);
                            n++;
                        }
                    }
                    else if (reader.ValueTextEquals("value"u8))
                    {
                        reader.Read();
                        ReadPair(ref reader, out instantT, out instantV);
                        isInstant = true;
                    }
                    else { reader.Read(); reader.Skip(); } // native histograms ("histogram"/"histograms") are not used
                }
                labels ??= new Dictionary<string, string>();
                if (n >= 0)
                {
                    (matrix ??= []).Add(new TimeSeries(labels, ts.AsSpan(0, n).ToArray(), vs.AsSpan(0, n).ToArray()));
                }
                else if (isInstant)
                {
                    (vector ??= []).Add(new InstantSample(labels, instantT, instantV));
                }
                else
                {
                    throw new PrometheusWireException("a series has neither \"values\" nor \"value\"");
                }
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(ts);
            ArrayPool<double>.Shared.Return(vs);
        }

        if (matrix is not null && vector is not null)
        {
            throw new PrometheusWireException("result mixes matrix and vector series");
        }
        return matrix is not null ? new PrometheusMatrix(matrix) : new PrometheusVector(vector!);
    }

    private static void Grow(ref double[] buffer, int used)
    {
        var bigger = ArrayPool<double>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<double>.Shared.Return(buffer);
        buffer = bigger;
    }

    private static void ReadPair(ref Utf8JsonReader reader, out double time, out double value)
    {
        Expect(ref reader, JsonTokenType.StartArray, "sample");
        reader.Read();
        Expect(ref reader, JsonTokenType.Number, "sample timestamp");
        time = reader.GetDouble();
        reader.Read();
        Expect(ref reader, JsonTokenType.String, "sample value");
        value = reader.ValueIsEscaped
            ? ParseSampleValue(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!))
            : ParseSampleValue(reader.ValueSpan);
        reader.Read();
        Expect(ref reader, JsonTokenType.EndArray, "end of sample");
    }

    private static Dictionary<string, string> ReadLabels(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "label set");
        var labels = new Dictionary<string, string>(8, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            labels[name] = ReadStringOrNull(ref reader) ?? "";
        }
        return labels;
    }

    private static string? ReadStringOrNull(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new PrometheusWireException($"expected a string, found {reader.TokenType}"),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new PrometheusWireException($"expected {what} ({type}), found {reader.TokenType}");
        }
    }

    /// <summary>A scalar/string pair before resultType tells which of the two it is.</summary>
    private sealed record RawPair(double Timestamp, string Text) : PrometheusQueryData
    {
        public override string ResultType => "pair";
    }
}
