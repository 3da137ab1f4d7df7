using SparkTuner.Core.Query;

namespace SparkTuner.Core.Tests.Query;

public class SelectorTests
{
    [Fact]
    public void Selector_AllOperators_RendersEscapedMatchers()
    {
        var s = new Selector("metrics_executor_totalCores")
            .Eq("application_id", "spark-\"x\"")
            .NotEq("executor_id", "driver")
            .Regex("a", "b.*")
            .NotRegex("c", "d|e");
        Assert.Equal("metrics_executor_totalCores{application_id=\"spark-\\\"x\\\"\",executor_id!=\"driver\",a=~\"b.*\",c!~\"d|e\"}", s.ToString());
    }

    [Fact]
    public void Selector_NameOnly_RendersBareName()
    {
        Assert.Equal("up", new Selector("up").ToString());
    }

    [Fact]
    public void Selector_InvalidMetricName_UsesNameMatcher()
    {
        var s = new Selector("my.metric-name").Eq("a", "b");
        Assert.Equal("{__name__=\"my.metric-name\",a=\"b\"}", s.ToString());
    }

    [Fact]
    public void Selector_RegexFromLiterals_EscapesTwice()
    {
        var s = new Selector("x").In("app", ["a.b", "c"]);
        Assert.Equal("x{app=~\"a\\\\.b|c\"}", s.ToString());
    }

    [Fact]
    public void Selector_InvalidLabel_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Selector("x").Eq("bad-label", "v"));
        Assert.Contains("bad-label", ex.Message);
    }

    [Fact]
    public void Selector_Empty_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Selector().ToString());
    }

    [Fact]
    public void Selector_WithRange_AppendsDuration()
    {
        Assert.Equal("x{a=\"b\"}[1d]", new Selector("x").Eq("a", "b").WithRange(TimeSpan.FromDays(1)));
    }
}
