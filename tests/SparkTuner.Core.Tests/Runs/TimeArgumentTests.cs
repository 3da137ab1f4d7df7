using SparkTuner.Core.Runs;

namespace SparkTuner.Core.Tests.Runs;

public class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("now", 0)]
    [InlineData("now-6h", -6 * 3600)]
    [InlineData("now+30m", 30 * 60)]
    [InlineData("-2d", -2 * 86400)]
    [InlineData("now-1h30m", -5400)]
    [InlineData(" now-1w ", -7 * 86400)]
    public void Parse_Relative_Table(string text, int offsetSeconds)
    {
        Assert.Equal(Now.AddSeconds(offsetSeconds), TimeArgument.Parse(text, Now));
    }

    [Fact]
    public void Parse_UnixSeconds_IntegerAndFractional()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714564800), TimeArgument.Parse("1714564800", Now));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1714564800250), TimeArgument.Parse("1714564800.25", Now));
    }

    [Theory]
    [InlineData("2024-05-01T12:00:00Z")]
    [InlineData("2024-05-01T14:00:00+02:00")]
    [InlineData("2024-05-01T12:00:00.000Z")]
    public void Parse_Rfc3339_Table(string text)
    {
        Assert.Equal(Now, TimeArgument.Parse(text, Now));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("now-6")]
    [InlineData("now-6x")]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01T12:00:00")]
    [InlineData("")]
    public void Parse_Invalid_FormatExceptionQuotesInput(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TimeArgument.Parse(text, Now));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("RFC 3339", ex.Message);
    }

    [Theory]
    [InlineData("now-1000000d")]
    [InlineData("now+3000000d")]
    public void Parse_RelativeBeyondTheCalendar_ClearMessage(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TimeArgument.Parse(text, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal($"'{text}' lies outside the calendar (years 1 to 9999).", ex.Message);
    }
}
