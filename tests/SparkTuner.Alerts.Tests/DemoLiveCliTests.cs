using SparkTuner.Cli;

namespace SparkTuner.Alerts.Tests;

/// <summary><c>sparktuner demo-live</c>'s command line: bad options are one line and exit code 2; the help names the endpoints.</summary>
public sealed class DemoLiveCliTests
{
    [Theory]
    [InlineData("every (60 s) must be longer than the run duration + 12 % (168 s)", "demo-live", "--every", "1m")]
    [InlineData("duration must be at least 30s (got 10 s)", "demo-live", "--duration", "10s")]
    [InlineData("--every must be a duration like 240s, 4m or 1h (got 'soon')", "demo-live", "--every", "soon")]
    [InlineData("--host must be a loopback address (got '0.0.0.0')", "demo-live", "--host", "0.0.0.0")]
    [InlineData("failed-tasks", "demo-live", "--failed-tasks", "-1")]
    public void BadOption_OneLineNamingIt_ExitCode2(string expected, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(CommandDispatcher.UsageError, CommandDispatcher.Run(args, stdout, stderr));
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Help_NamesTheEndpointsAndExitCodes()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, CommandDispatcher.Run(["demo-live", "--help"], stdout, new StringWriter()));
        var help = stdout.ToString();
        foreach (var text in new[] { "--every", "--duration", "--seed", "--start", "--failed-tasks", "/metrics/executors/prometheus",
                     "/metrics/prometheus", "/metrics/cadvisor", "/metrics/kube-state-metrics", "/demo/status", "exit codes" })
        {
            Assert.Contains(text, help, StringComparison.Ordinal);
        }
    }
}
