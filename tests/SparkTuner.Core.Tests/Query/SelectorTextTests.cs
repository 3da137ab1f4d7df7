using SparkTuner.Core.Query;

namespace SparkTuner.Core.Tests.Query;

public class SelectorTextTests
{
    private static Dictionary<string, string> L(params (string K, string V)[] labels) => labels.ToDictionary(l => l.K, l => l.V);

    [Fact]
    public void Parse_NameAndMatchers_RoundTrips()
    {
        var s = SelectorText.Parse("metrics_executor_x_bytes{application_id=\"app-1\", executor_id!=\"driver\"}");
        Assert.Equal("metrics_executor_x_bytes{application_id=\"app-1\", executor_id!=\"driver\"}", s.ToString());
        Assert.True(s.Matches(L(("__name__", "metrics_executor_x_bytes"), ("application_id", "app-1"), ("executor_id", "3"))));
        Assert.False(s.Matches(L(("__name__", "metrics_executor_x_bytes"), ("application_id", "app-1"), ("executor_id", "driver"))));
        Assert.False(s.Matches(L(("__name__", "other"), ("application_id", "app-1"))));
    }

    [Fact]
    public void Parse_EscapedQuotesAndBackslashes_ValueUnescaped()
    {
        var s = SelectorText.Parse("{__name__=~\"a|b\", app=\"q\\\"uo\\\\te\"}");
        Assert.True(s.Matches(L(("__name__", "b"), ("app", "q\"uo\\te"))));
        Assert.False(s.Matches(L(("__name__", "ab"), ("app", "q\"uo\\te"))));
    }

    [Fact]
    public void Matches_MissingLabel_IsTheEmptyValue()
    {
        Assert.True(SelectorText.Parse("x{a=\"\"}").Matches(L(("__name__", "x"))));
        Assert.True(SelectorText.Parse("x{a!=\"v\"}").Matches(L(("__name__", "x"))));
        Assert.False(SelectorText.Parse("x{a=~\".+\"}").Matches(L(("__name__", "x"))));
    }

    [Theory]
    [InlineData("rate(x[5m])")]
    [InlineData("x{a=\"b\"")]
    [InlineData("x{a=b}")]
    [InlineData("x{a~\"b\"}")]
    [InlineData("")]
    public void Parse_NotAPlainSelector_Throws(string text) => Assert.Throws<FormatException>(() => SelectorText.Parse(text));

    [Fact]
    public void Union_DifferentIdsAndNames_OneSelectorMatchingEach()
    {
        var a = SelectorText.Parse("metrics_etl_a_driver_X_Value{type=\"gauges\"}");
        var b = SelectorText.Parse("metrics_etl_b_driver_X_Value{type=\"gauges\"}");
        var union = SelectorText.Union([a, b])!;
        Assert.Equal("{__name__=~\"metrics_etl_a_driver_X_Value|metrics_etl_b_driver_X_Value\", type=\"gauges\"}", union);
        var parsed = SelectorText.Parse(union);
        Assert.True(parsed.Matches(L(("__name__", "metrics_etl_a_driver_X_Value"), ("type", "gauges"))));
        Assert.True(parsed.Matches(L(("__name__", "metrics_etl_b_driver_X_Value"), ("type", "gauges"))));
        Assert.False(parsed.Matches(L(("__name__", "metrics_etl_c_driver_X_Value"), ("type", "gauges"))));
    }

    [Fact]
    public void Union_RegexAndLiteralValues_AlternationKeepsEachExactly()
    {
        var a = SelectorText.Parse("c{container=\"d\", namespace=~\"ns1\", pod=~\"p\\\\.1|p2\"}");
        var b = SelectorText.Parse("c{container=\"d\", namespace=~\"ns2\", pod=\"p.3\"}");
        var union = SelectorText.Parse(SelectorText.Union([a, b])!);
        Assert.True(union.Matches(L(("__name__", "c"), ("container", "d"), ("namespace", "ns1"), ("pod", "p.1"))));
        Assert.True(union.Matches(L(("__name__", "c"), ("container", "d"), ("namespace", "ns2"), ("pod", "p.3"))));
        Assert.False(union.Matches(L(("__name__", "c"), ("container", "d"), ("namespace", "ns2"), ("pod", "pX3"))));
    }

    [Fact]
    public void Union_LabelConstrainedDifferentlyByNegativeMatchers_LeftOutAsSuperset()
    {
        var a = SelectorText.Parse("x{a=\"1\", b!=\"u\"}");
        var b = SelectorText.Parse("x{a=\"2\", b!=\"v\"}");
        Assert.Equal("x{a=~\"1|2\"}", SelectorText.Union([a, b]));
    }

    [Fact]
    public void Union_NothingPositiveLeft_Null()
    {
        var a = SelectorText.Parse("{a!=\"1\"}");
        var b = SelectorText.Parse("{a!=\"2\"}");
        Assert.Null(SelectorText.Union([a, b]));
    }
}
