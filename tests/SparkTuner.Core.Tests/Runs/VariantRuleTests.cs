using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Tests.Runs;

public class VariantRuleTests
{
    [Theory]
    [InlineData("cartesian-200k-cached", "cached")]
    [InlineData("cartesian-200k-noncached", "noncached")]
    [InlineData("etl-v2", "v2")]
    [InlineData("cartesian-200k.noncached", "")]
    [InlineData("plain", "")]
    public void Parse_DefaultRule_Table(string name, string expected)
    {
        Assert.Equal(expected, VariantRule.Default.Parse(name));
    }

    [Fact]
    public void Parse_CustomRule_UsesVariantGroup()
    {
        Assert.Equal("noncached", new VariantRule(@"[._-](?<variant>[a-z]+)$").Parse("cartesian-200k.noncached"));
    }

    [Fact]
    public void Ctor_NoVariantGroup_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new VariantRule("-(x)$"));
        Assert.Contains("variant", ex.Message);
    }
}
