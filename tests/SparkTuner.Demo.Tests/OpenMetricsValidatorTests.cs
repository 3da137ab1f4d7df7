using SparkTuner.Demo;

namespace SparkTuner.Demo.Tests;

public sealed class OpenMetricsValidatorTests
{
    private static OpenMetricsValidationResult Check(string text) => OpenMetricsValidator.Validate(new StringReader(text));

    private static string Fails(string text) => Assert.Throws<OpenMetricsValidationException>(() => Check(text)).Message;

    [Fact]
    public void Validate_WellFormedText_CountsFamiliesSeriesSamples()
    {
        var r = Check("""
            # TYPE a gauge
            # HELP a demo
            a{x="1"} 1 1795639280
            a{x="2"} 2 1795639280.5
            a{x="1"} 3 1795639285
            # TYPE c counter
            c_total{x="1"} 3 1795639285.125
            metrics_executor_failedTasks_total{executor_id="1"} 0 1795639285
            # EOF
            """);
        Assert.Equal(new OpenMetricsValidationResult(9, 3, 4, 5), r);
    }

    [Fact]
    public void Validate_MillisecondTimestamps_Rejected()
    {
        var m = Fails("# TYPE a gauge\na 1 1795639280000\n# EOF");
        Assert.Contains("line 2", m);
        Assert.Contains("milliseconds", m);
    }

    [Fact]
    public void Validate_OutOfOrderSamples_Rejected()
    {
        Assert.Contains("out of order", Fails("a{x=\"1\"} 1 1795639285\na{x=\"2\"} 1 1795639280\na{x=\"1\"} 2 1795639280\n# EOF"));
        Assert.Contains("out of order", Fails("a 1 1795639285\na 1 1795639285\n# EOF"));
    }

    [Fact]
    public void Validate_InterleavedFamilies_Rejected()
    {
        var m = Fails("# TYPE a gauge\na 1 1795639280\n# TYPE b gauge\nb 1 1795639280\na 2 1795639285\n# EOF");
        Assert.Contains("family a appears again", m);
        Assert.Contains("line 5", m);
    }

    [Fact]
    public void Validate_MissingEof_Rejected()
    {
        Assert.Contains("missing # EOF", Fails("# TYPE a gauge\na 1 1795639280\n"));
        Assert.Contains("content after # EOF", Fails("a 1 1795639280\n# EOF\na 2 1795639285"));
    }

    [Fact]
    public void Validate_CounterWithoutTotal_Rejected()
    {
        Assert.Contains("must be named c_total", Fails("# TYPE c counter\nc 1 1795639280\n# EOF"));
    }

    [Fact]
    public void Validate_SampleWithoutTimestampOrStrayComment_Rejected()
    {
        Assert.Contains("without timestamp", Fails("a 1\n# EOF"));
        Assert.Contains("unexpected comment", Fails("# just a note\n# EOF"));
        Assert.Contains("empty line", Fails("a 1 1795639280\n\n# EOF"));
    }

    [Fact]
    public void Validate_LabelValuesWithSpacesAndBraces_Parsed()
    {
        var r = Check("a{x=\"b c}\\\" d\"} 1 1795639280\n# EOF");
        Assert.Equal(1, r.Samples);
    }
}
