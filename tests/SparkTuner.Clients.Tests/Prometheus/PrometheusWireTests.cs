using System.Text;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>Golden answers modelled on real Prometheus 2.x output, parsed without any HTTP.</summary>
public class PrometheusWireTests
{
    private static PrometheusEnvelope<PrometheusQueryData> ParseQuery(string json) =>
        PrometheusResponseParser.Parse(Encoding.UTF8.GetBytes(json), PrometheusResponseParser.ReadQueryData);

    [Fact]
    public void Parse_Matrix_SeriesWithLabelsTimestampsAndValues()
    {
        var env = ParseQuery("""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"values":[[1435781430.781,"1"],[1435781445.781,"1"],[1435781460.781,"1"]]},
              {"metric":{"__name__":"up","job":"node","instance":"localhost:9091"},"values":[[1435781430.781,"0"],[1435781445.781,"0.5"]]}]}}
            """);
        var m = Assert.IsType<PrometheusMatrix>(env.Data);
        Assert.True(env.IsSuccess);
        Assert.Equal(2, m.Series.Count);
        Assert.Equal("prometheus", m.Series[0].Label("job"));
        Assert.Equal([1435781430.781, 1435781445.781, 1435781460.781], m.Series[0].Timestamps);
        Assert.Equal([0, 0.5], m.Series[1].Values);
        Assert.Empty(env.Warnings);
    }

    [Fact]
    public void Parse_Vector_OneSamplePerSeries()
    {
        var env = ParseQuery("""
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"prometheus"},"value":[1435781451.781,"1"]},{"metric":{},"value":[1435781451.781,"2.5e+09"]}]}}
            """);
        var v = Assert.IsType<PrometheusVector>(env.Data);
        Assert.Equal(2, v.Samples.Count);
        Assert.Equal(1435781451.781, v.Samples[0].Timestamp);
        Assert.Equal(2.5e9, v.Samples[1].Value);
        Assert.Empty(v.Samples[1].Labels);
    }

    [Fact]
    public void Parse_Scalar_TimeAndValue()
    {
        var s = Assert.IsType<PrometheusScalar>(ParseQuery("""{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}""").Data);
        Assert.Equal(1700000000.5, s.Timestamp);
        Assert.Equal(42, s.Value);
    }

    [Fact]
    public void Parse_String_TextKept()
    {
        var s = Assert.IsType<PrometheusString>(ParseQuery("""{"status":"success","data":{"resultType":"string","result":[1700000000,"hello \"world\""]}}""").Data);
        Assert.Equal("hello \"world\"", s.Value);
    }

    [Fact]
    public void Parse_FieldsInAnyOrder_SameResult()
    {
        var env = ParseQuery("""{"data":{"result":[1700000000,"7"],"resultType":"scalar"},"warnings":["w"],"status":"success"}""");
        Assert.Equal(7, Assert.IsType<PrometheusScalar>(env.Data).Value);
        Assert.Equal(["w"], env.Warnings);
    }

    [Fact]
    public void Parse_Warnings_KeptWithData()
    {
        var env = ParseQuery("""
            {"status":"success","data":{"resultType":"vector","result":[]},"warnings":["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"x\"","partial response from store"]}
            """);
        Assert.Equal(2, env.Warnings.Count);
        Assert.Contains("partial response", env.Warnings[1]);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e-07", 1e-7)]
    [InlineData("209883992", 209883992d)]
    public void Parse_SpecialSampleValues_MapToDoubles(string text, double expected)
    {
        var env = ParseQuery($$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"{{{text}}}"]]}]}}""");
        Assert.Equal(expected, Assert.IsType<PrometheusMatrix>(env.Data).Series[0].Values[0]);
    }

    [Theory]
    [InlineData("matrix")]
    [InlineData("vector")]
    public void Parse_EmptyResult_EmptyOfTheRightType(string type)
    {
        var data = ParseQuery($$$"""{"status":"success","data":{"resultType":"{{{type}}}","result":[]}}""").Data!;
        Assert.Equal(type, data.ResultType);
    }

    [Theory]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:4: parse error: unexpected end of input"}""", "bad_data")]
    [InlineData("""{"status":"error","errorType":"execution","error":"expanding series: context deadline exceeded"}""", "execution")]
    [InlineData("""{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", "timeout")]
    [InlineData("""{"status":"error","errorType":"unavailable","error":"unavailable"}""", "unavailable")]
    [InlineData("""{"status":"error","errorType":"internal","error":"something broke","data":null}""", "internal")]
    public void Parse_ErrorEnvelope_KeepsErrorTypeAndText(string json, string errorType)
    {
        var env = ParseQuery(json);
        Assert.False(env.IsSuccess);
        Assert.Equal(errorType, env.ErrorType);
        Assert.False(string.IsNullOrEmpty(env.Error));
        Assert.Null(env.Data);
    }

    [Fact]
    public void Parse_SeriesLabelsBuildInfo_Typed()
    {
        var series = PrometheusResponseParser.Parse("""{"status":"success","data":[{"__name__":"up","job":"a"},{"__name__":"up","job":"b"}]}"""u8, PrometheusResponseParser.ReadLabelSets);
        Assert.Equal("b", series.Data![1]["job"]);
        var labels = PrometheusResponseParser.Parse("""{"status":"success","data":["__name__","job"]}"""u8, PrometheusResponseParser.ReadStrings);
        Assert.Equal(["__name__", "job"], labels.Data);
        var build = PrometheusResponseParser.Parse("""{"status":"success","data":{"version":"2.42.0","revision":"225c61122d88b01d1f0eaaee0e05b6f3e0567ac0","branch":"debian/sid","buildUser":"team+pkg-go@tracker.debian.org","buildDate":"20230305-21:21:52","goVersion":"go1.19.8"}}"""u8, PrometheusResponseParser.ReadBuildInfo);
        Assert.Equal("2.42.0", build.Data!.Version);
    }

    [Theory]
    [InlineData("<html><head><title>Log in</title></head></html>")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{"data":{}}""")]
    public void Parse_NotAnEnvelope_Throws(string body)
    {
        var ex = Record.Exception(() => ParseQuery(body));
        Assert.True(ex is System.Text.Json.JsonException or PrometheusWireException, ex?.GetType().Name);
    }

    [Fact]
    public void Parse_ResultTypeDisagreesWithShape_Throws()
    {
        Assert.Throws<PrometheusWireException>(() =>
            ParseQuery("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"value":[1,"1"]}]}}"""));
    }

    [Fact]
    public void Parse_LargeMatrix_EverySeriesAndPointKept()
    {
        // Speed is measured by the benchmark project (PrometheusParseBenchmark), not here.
        var bytes = Encoding.UTF8.GetBytes(BigMatrix(200, 1500));
        var env = PrometheusResponseParser.Parse(bytes, PrometheusResponseParser.ReadQueryData);
        var m = Assert.IsType<PrometheusMatrix>(env.Data);
        Assert.Equal(200, m.Series.Count);
        Assert.All(m.Series, s => Assert.Equal(1500, s.Count));
        Assert.Equal(1499 * 0.5, m.Series[199].Values[1499]);
    }

    internal static string BigMatrix(int series, int points)
    {
        var sb = new StringBuilder("""{"status":"success","data":{"resultType":"matrix","result":[""");
        for (var s = 0; s < series; s++)
        {
            if (s > 0) sb.Append(',');
            sb.Append($$"""{"metric":{"__name__":"metrics_executor_JVMHeapMemory_bytes","application_id":"app-{{s / 10}}","executor_id":"{{s % 10}}"},"values":[""");
            for (var p = 0; p < points; p++)
            {
                if (p > 0) sb.Append(',');
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{1700000000 + p * 5}.123,\"{p * 0.5}\"]");
            }
            sb.Append("]}");
        }
        return sb.Append("]}}").ToString();
    }
}
