using SparkTuner.Core.Query;

namespace SparkTuner.Core.Tests.Query;

public class PromQlTests
{
    [Theory]
    [InlineData("spark-abc", "\"spark-abc\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\tmp", "\"C:\\\\tmp\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    [InlineData("a\rb", "\"a\\rb\"")]
    [InlineData("a\tb", "\"a\\tb\"")]
    [InlineData("a\0b", "\"a\\x00b\"")]
    [InlineData("a\u0001\u001fb", "\"a\\x01\\x1fb\"")]
    [InlineData("del\u007f", "\"del\\x7f\"")]
    [InlineData("c1\u0085", "\"c1\\u0085\"")]
    [InlineData("rocket 🚀", "\"rocket 🚀\"")]
    [InlineData("Größe café ñ 日本", "\"Größe café ñ 日本\"")]
    [InlineData("", "\"\"")]
    [InlineData("it's", "\"it's\"")]
    public void EscapeString_Table_ProducesPromQlLiteral(string input, string expected)
    {
        Assert.Equal(expected, PromQl.EscapeString(input));
    }

    [Fact]
    public void EscapeString_Emoji_NeverSurrogateEscapes()
    {
        var escaped = PromQl.EscapeString("🚀😀");
        Assert.DoesNotContain("\\u", escaped, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("\"🚀😀\"", escaped);
    }

    [Fact]
    public void EscapeString_LoneSurrogate_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => PromQl.EscapeString("a\uD83Db"));
        Assert.Contains("surrogate", ex.Message);
    }

    [Theory]
    [InlineData("a.b", @"a\.b")]
    [InlineData("x+y*z?", @"x\+y\*z\?")]
    [InlineData("(a|b)[c]{d}^$", @"\(a\|b\)\[c\]\{d\}\^\$")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("plain-name_1", "plain-name_1")]
    public void RegexEscapeLiteral_Table_EscapesMetaCharacters(string input, string expected)
    {
        Assert.Equal(expected, PromQl.RegexEscapeLiteral(input));
    }

    [Theory]
    [InlineData(30, "30s")]
    [InlineData(60, "1m")]
    [InlineData(90, "90s")]
    [InlineData(3600, "1h")]
    [InlineData(86400, "1d")]
    [InlineData(1.5, "1500ms")]
    public void FormatDuration_Table_UsesLargestExactUnit(double seconds, string expected)
    {
        Assert.Equal(expected, PromQl.FormatDuration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void FormatDuration_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.FormatDuration(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("metrics_executor_totalCores", true)]
    [InlineData("job:rate5m", true)]
    [InlineData("1abc", false)]
    [InlineData("my.metric", false)]
    [InlineData("sum", false)]
    [InlineData("", false)]
    public void IsValidMetricName_Table(string name, bool expected)
    {
        Assert.Equal(expected, PromQl.IsValidMetricName(name));
    }
}
