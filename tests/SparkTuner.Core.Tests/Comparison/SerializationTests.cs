using System.Text.Json;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using static SparkTuner.Core.Tests.Comparison.Fixtures;

namespace SparkTuner.Core.Tests.Comparison;

public class SerializationTests
{
    private static ComparisonResult Sample(string displayName = "Duration")
    {
        var rows = new[] { ComparisonEngineTests.DurationRow with { DisplayName = displayName }, ComparisonEngineTests.HeapMean };
        return ComparisonEngine.Compare([Run("b1", 0, 100)], [Run("c1", 500, 24)], rows, ComparisonEngineTests.Catalog, (_, _) => null,
            new ComparisonOptions { BaselineLabel = "without cache", CandidateLabel = "with cache" });
    }

    [Fact]
    public void Json_Result_UsesCamelCaseNamesAndSnakeEnums()
    {
        var json = ComparisonJson.Serialize(Sample());
        using var doc = JsonDocument.Parse(json);
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal("duration_seconds", row.GetProperty("metric").GetString());
        Assert.Equal(-76, row.GetProperty("percentChange").GetDouble(), 9);
        Assert.Equal(0.76, row.GetProperty("rip").GetDouble(), 9);
        Assert.Equal("better", row.GetProperty("verdict").GetString());
        Assert.Equal("lower_is_better", row.GetProperty("better").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("ripCi95").ValueKind);
        Assert.Equal("n/a", doc.RootElement.GetProperty("rows")[1].GetProperty("verdict").GetString());
        Assert.Equal("without cache", doc.RootElement.GetProperty("baseline").GetProperty("label").GetString());
        Assert.Equal(100, doc.RootElement.GetProperty("baseline").GetProperty("runs")[0].GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public void Json_WithinNoise_IsLowerSnake()
    {
        Assert.Equal("\"within_noise\"", JsonSerializer.Serialize(Verdict.WithinNoise, ComparisonJson.Options));
        Assert.Equal("\"p95\"", JsonSerializer.Serialize(Statistic.P95, ComparisonJson.Options));
    }

    [Fact]
    public void Json_RoundTrip_GivesSameJson()
    {
        var json = ComparisonJson.Serialize(Sample());
        var back = ComparisonJson.Deserialize(json);
        Assert.Equal(json, ComparisonJson.Serialize(back));
        Assert.Equal(Verdict.NotAvailable, back.Rows[1].Verdict);
    }

    [Fact]
    public void Csv_DisplayNameWithCommaAndQuote_IsQuotedAndDoubled()
    {
        var writer = new StringWriter();
        ComparisonCsv.Write(Sample("Heap, \"old\" gen"), writer);
        var lines = writer.ToString().Split("\r\n");
        Assert.Equal(string.Join(",", ComparisonCsv.Columns), lines[0]);
        Assert.StartsWith("duration_seconds,\"Heap, \"\"old\"\" gen\",driver,duration,sum,s,100,24,-76,0.76,,,better,", lines[1]);
        Assert.Contains(",n/a,", lines[2]);
        Assert.Equal(4, lines.Length); // header, 2 rows, trailing empty after the last CRLF
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\tHeap")]
    [InlineData("\rHeap")]
    public void Csv_TextCellStartingWithFormulaCharacter_GetsALeadingApostrophe(string displayName)
    {
        var writer = new StringWriter();
        ComparisonCsv.Write(Sample(displayName), writer);
        var row = writer.ToString().Split("\r\n")[1];

        // Quoted fields double their quotes (and a CR forces quoting); either way the cell's text starts with the apostrophe.
        var cell = ComparisonCsv.Escape("'" + displayName);
        Assert.StartsWith($"duration_seconds,{cell},driver,", row);
        // The numbers of the same row are untouched: a negative % change stays a number, not text.
        Assert.Contains(",100,24,-76,0.76,", row);
    }

    [Theory]
    [InlineData("Heap", "Heap")]
    [InlineData("-12.5", "'-12.5")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Csv_Neutralise_OnlyTheFirstCharacterCounts(string text, string expected)
    {
        // Neutralise is for text cells; "-12.5" as text (a note, a name) is neutralised, the writer's numbers never pass through it.
        Assert.Equal(expected, ComparisonCsv.Neutralise(text));
    }

    [Fact]
    public void Csv_NegativeNumbers_StayNumbers()
    {
        var writer = new StringWriter();
        ComparisonCsv.Write(Sample(), writer);
        var cells = writer.ToString().Split("\r\n")[1].Split(',');

        Assert.Equal("-76", cells[8]); // percentChange
        Assert.DoesNotContain(cells, c => c.StartsWith('\''));
    }

    [Theory]
    [InlineData(512, MetricUnit.Bytes, Statistic.Peak, "512 B")]
    [InlineData(1610612736, MetricUnit.Bytes, Statistic.Peak, "1.50 GiB")]
    [InlineData(3670016, MetricUnit.Bytes, Statistic.Mean, "3.50 MiB")]
    [InlineData(10737418240, MetricUnit.Bytes, Statistic.Integral, "10.0 GiB·s")]
    [InlineData(2.5, MetricUnit.Cores, Statistic.Mean, "2.50 cores")]
    [InlineData(120, MetricUnit.Cores, Statistic.Integral, "120 core·s")]
    [InlineData(12.34, MetricUnit.Seconds, Statistic.Increase, "12.3 s")]
    [InlineData(0.456, MetricUnit.Ratio, Statistic.Mean, "45.6 %")]
    [InlineData(1048576, MetricUnit.BytesPerSecond, Statistic.Mean, "1.00 MiB/s")]
    [InlineData(12345, MetricUnit.Count, Statistic.Increase, "12,345")]
    public void UnitFormatter_FormatValue_UsesHumanUnits(double value, MetricUnit unit, Statistic statistic, string expected)
    {
        Assert.Equal(expected, UnitFormatter.FormatValue(value, unit, statistic));
    }

    [Fact]
    public void UnitFormatter_PercentAndRip_HandleNullAndSign()
    {
        Assert.Equal("-76.0 %", UnitFormatter.FormatPercent(-76));
        Assert.Equal("+50.0 %", UnitFormatter.FormatPercent(50));
        Assert.Equal("n/a", UnitFormatter.FormatPercent(null));
        Assert.Equal("0.76", UnitFormatter.FormatRip(0.76));
        Assert.Equal("-0.50", UnitFormatter.FormatRip(-0.5));
        Assert.Equal("n/a", UnitFormatter.FormatRip(null));
        Assert.Equal("n/a", UnitFormatter.FormatValue(double.NaN, MetricUnit.Bytes));
    }
}
