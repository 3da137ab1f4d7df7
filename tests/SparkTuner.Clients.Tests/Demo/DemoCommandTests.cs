using System.Globalization;
using SparkTuner.Cli;
using SparkTuner.Cli.Commands;

namespace SparkTuner.Clients.Tests.Demo;

public sealed class DemoCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandDispatcher.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("error: --executors must be at least 1 (got 0)", "demo", "--out", "x.om", "--executors", "0")]
    [InlineData("error: --runs-per-variant must be at least 1 (got -1)", "demo", "--out", "x.om", "--runs-per-variant", "-1")]
    [InlineData("error: --duration must be a duration like 240s, 4m or 1h (got 'soon')", "demo", "--out", "x.om", "--duration", "soon")]
    [InlineData("error: --scrape-interval must be positive (got 0s)", "demo", "--out", "x.om", "--scrape-interval", "0s")]
    [InlineData("error: Option '--out' is required", "demo")]
    [InlineData("error: unknown option '--bogus'", "demo", "--out", "x.om", "--bogus", "1")]
    [InlineData("error: --end looks like milliseconds; give Unix seconds (got '1795639280000')", "demo", "--out", "x.om", "--end", "1795639280000")]
    [InlineData("error: unknown command 'nope' (try 'sparktuner --help')", "nope")]
    [InlineData("error: --families takes executors,servlet,cadvisor,ksm or all (got 'jmx')", "demo", "--out", "x.om", "--families", "executors,jmx")]
    public void Run_InvalidArguments_ExitCode2WithOneLine(string expected, params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(expected + Environment.NewLine, err);
    }

    [Fact]
    public void Run_Help_ListsDemoCommand()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("demo", output);
        Assert.Equal(0, Run("demo", "--help").Code);
    }

    [Fact]
    public void Run_SmallDemo_WritesFileAndManifestAndOneSummaryLine()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sparktuner-cli-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var file = Path.Combine(dir, "d.om");
            var (code, _, err) = Run("demo", "--out", file, "--manifest", Path.Combine(dir, "d.json"), "--runs-per-variant", "1",
                "--executors", "2", "--duration", "1m", "--end", "2026-11-20T12:00:00Z", "--executor-memory", "2g", "--nrow", "1000000");
            Assert.Equal(0, code);
            Assert.Single(err.TrimEnd().Split('\n'));
            Assert.StartsWith("demo: 2 runs", err);
            Assert.Contains("samples", err);
            Assert.EndsWith("# EOF\n", File.ReadAllText(file));
            Assert.Contains("cartesian-1m-cached", File.ReadAllText(Path.Combine(dir, "d.json")));
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 11, 30, 0, TimeSpan.Zero), CliArgs.Time("--end", "now-30m", new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
