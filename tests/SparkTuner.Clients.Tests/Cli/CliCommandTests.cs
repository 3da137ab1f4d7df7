using System.Globalization;
using System.Text.Json;
using SparkTuner.Cli;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary><c>sparktuner runs</c> and <c>sparktuner compare</c> in-process against the real demo Prometheus.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class CliCommandTests(DemoPrometheusFixture fx)
{
    private (int Code, string Out, string Err) Run(params string[] args) => RunAt(fx.BaseUrl, args);

    private static (int Code, string Out, string Err) RunAt(string url, params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandDispatcher.Run([.. args, "--prometheus", url, "--scrape-interval", "5s"], o, e);
        return (code, o.ToString(), e.ToString());
    }

    private string[] Compare(bool swapped = false, params string[] extra)
    {
        var (b, c) = swapped ? (fx.Ids("cached"), fx.Ids("noncached")) : (fx.Ids("noncached"), fx.Ids("cached"));
        return ["compare", "--baseline", string.Join(",", b), "--candidate", string.Join(",", c), .. extra];
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Runs_Json_ListsTheSixDemoRuns()
    {
        var (code, output, err) = Run("runs", "--json");

        Assert.True(code == 0, err);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var runs = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(fx.Manifest.Runs.Select(r => r.AppId), runs.Select(r => r.GetProperty("id").GetString()));
        foreach (var (run, truth) in runs.Zip(fx.Manifest.Runs))
        {
            Assert.Equal(truth.Name, run.GetProperty("name").GetString());
            Assert.Equal(truth.Variant, run.GetProperty("variant").GetString());
            Assert.Equal(4, run.GetProperty("executors").GetInt32());
            Assert.InRange(run.GetProperty("durationSeconds").GetDouble(), truth.DurationSeconds - 10, truth.DurationSeconds);
            Assert.True(run.TryGetProperty("start", out _) && run.TryGetProperty("end", out _));
        }
    }

    [Fact]
    public void Runs_Table_OneLinePerRunWithIdNameVariant()
    {
        var (code, output, _) = Run("runs", "--from", "now-1d");

        Assert.Equal(0, code);
        var lines = Lines(output);
        Assert.StartsWith("ID", lines[0]);
        Assert.Matches("^─+$", lines[1]); // the rule under the header
        Assert.Equal(8, lines.Length);
        foreach (var truth in fx.Manifest.Runs)
        {
            var line = Assert.Single(lines, l => l.StartsWith(truth.AppId, StringComparison.Ordinal));
            Assert.Contains(truth.Name, line);
            Assert.Contains(" " + truth.Variant + " ", line);
        }
    }

    [Fact]
    public async Task Compare_Json_RowsMatchTheComparisonService()
    {
        var (code, output, err) = Run(Compare(extra: "--json"));
        Assert.True(code == 0, err);

        var cli = ComparisonJson.Deserialize(output);
        var service = new ComparisonService(fx.Source, MetricCatalog.Default, new ComparisonServiceOptions { ScrapeInterval = DemoPrometheusFixture.ScrapeInterval });
        var expected = (await service.CompareAsync(new CompareRequest(fx.Ids("noncached"), fx.Ids("cached"), fx.From, fx.To, Groups: []))).Result;

        Assert.Equal(expected.Rows.Select(r => r.Metric), cli.Rows.Select(r => r.Metric));
        foreach (var (want, got) in expected.Rows.Zip(cli.Rows))
        {
            Assert.Equal(want.Baseline, got.Baseline);
            Assert.Equal(want.Candidate, got.Candidate);
            Assert.Equal(want.PercentChange, got.PercentChange);
            Assert.Equal(want.Rip, got.Rip);
            Assert.Equal(want.RipCi95, got.RipCi95);
            Assert.Equal(want.Verdict, got.Verdict);
        }
        // The raw JSON carries the documented names, with null for n/a.
        using var doc = JsonDocument.Parse(output);
        var spill = doc.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "spill_disk_bytes");
        Assert.Equal(JsonValueKind.Null, spill.GetProperty("percentChange").ValueKind);
        Assert.Equal(JsonValueKind.Null, spill.GetProperty("rip").ValueKind);
        Assert.Equal("n/a", spill.GetProperty("verdict").GetString());
        Assert.True(doc.RootElement.GetProperty("rows")[0].TryGetProperty("ripCi95", out _));
    }

    [Fact]
    public void Compare_Table_ShowsEveryRowAndTheDurationVerdict()
    {
        var (code, output, err) = Run(Compare(extra: ["--metrics", "duration_seconds,executor_cpu_seconds"]));

        Assert.True(code == 0, err);
        // Table rows only: the notes below the table start with "Run duration:".
        var duration = Assert.Single(Lines(output), l => l.StartsWith("Run duration ", StringComparison.Ordinal));
        Assert.EndsWith("better", duration);
        Assert.Contains(Lines(output), l => l.StartsWith("Executor CPU time", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("GC time", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', output); // plain text when not on a terminal
    }

    [Fact]
    public void Compare_Csv_HeaderThenOneLinePerRow()
    {
        var (code, output, err) = Run(Compare(extra: ["--csv", "--metrics", "duration_seconds,gc_time_seconds", "--aggregation", "max"]));

        Assert.True(code == 0, err);
        var lines = Lines(output);
        Assert.Equal(string.Join(",", ComparisonCsv.Columns), lines[0]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Compare_GateOnImprovement_Exit0()
    {
        var (code, _, err) = Run(Compare(extra: ["--fail-if-worse", "duration_seconds:-0.05", "--fail-if-worse", "executor_cpu_seconds:-0.05", "--json"]));

        Assert.Equal(0, code);
        Assert.Equal("", err);
    }

    [Fact]
    public void Compare_GateOnRegression_Exit1WithOneLinePerFailedGate()
    {
        var (code, output, err) = Run(Compare(swapped: true, extra: ["--fail-if-worse", "duration_seconds:-0.05", "--fail-if-worse", "shuffle_read_bytes:-0.5"]));

        Assert.Equal(1, code);
        Assert.Contains("Run duration", output);
        var line = Assert.Single(Lines(err));
        Assert.Matches(@"^gate failed: duration_seconds RIP -0\.\d+ < -0\.05$", line);
    }

    [Theory]
    [InlineData("duration_seconds", "--fail-if-worse takes METRIC:RIP")]
    [InlineData("duration_seconds:lots", "is not a number")]
    [InlineData("nope:-0.1", "unknown metric 'nope'")]
    [InlineData("spill_disk_bytes:-0.1", "gate spill_disk_bytes: no RIP to check (n/a")]
    public void Compare_BadOrUncheckableGate_Exit2WithOneLine(string gate, string expected)
    {
        var (code, _, err) = Run(Compare(extra: ["--fail-if-worse", gate]));

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void Compare_UnknownRun_Exit2WithTheUnknownRunsMessage()
    {
        var (code, _, err) = Run("compare", "--baseline", fx.Ids("noncached")[0], "--candidate", "spark-nope");

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith("error: No Spark application with id 'spark-nope' has metrics between", line);
    }

    [Theory]
    [InlineData("compare", "--baseline", "a", "--candidate", "b", "--from", "yesterday")]
    [InlineData("compare", "--baseline", "a", "--candidate", "b", "--from", "now", "--to", "now-1h")]
    [InlineData("compare", "--baseline", "a")]
    [InlineData("compare", "--baseline", "a", "--candidate", "a")]
    [InlineData("compare", "--baseline", "a", "--candidate", "b", "--json", "--csv")]
    [InlineData("compare", "--baseline", "a", "--candidate", "b", "--aggregation", "median")]
    [InlineData("runs", "--bogus")]
    [InlineData("runs", "--scrape-interval", "0.5s")]
    public void Commands_UsageOrDataError_Exit2WithOneErrorLine(params string[] args)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", Assert.Single(Lines(err)));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("compare", "--baseline", "a", "--candidate", "b")]
    public void Commands_PrometheusDown_Exit2WithNotReachable(params string[] args)
    {
        var (code, _, err) = RunAt($"http://127.0.0.1:{PrometheusServer.FreePort()}", args);

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith("error: Prometheus at http://127.0.0.1:", line);
        Assert.Contains("not reachable", line);
    }

    [Fact]
    public void Runs_EmptyRange_Exit0WithNoteOnStderrAndEmptyJsonArray()
    {
        string[] range = ["--from", "2000-01-01T00:00:00Z", "--to", "2000-01-02T00:00:00Z"];

        var (code, output, err) = Run(["runs", .. range]);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.StartsWith("no Spark application has metrics between 2000-01-01", Assert.Single(Lines(err)));

        var json = Run(["runs", "--json", .. range]);
        Assert.Equal(0, json.Code);
        Assert.Equal("[]", json.Out.Trim());
    }

    [Fact]
    public void Runs_PrometheusFromEnvironment_UsedWithoutOption()
    {
        // Environment variables override appsettings.json, as in the web app (Prometheus__BaseUrl).
        Environment.SetEnvironmentVariable("Prometheus__BaseUrl", fx.BaseUrl);
        try
        {
            var o = new StringWriter(CultureInfo.InvariantCulture);
            var e = new StringWriter(CultureInfo.InvariantCulture);
            var code = CommandDispatcher.Run(["runs", "--json"], o, e);

            Assert.True(code == 0, e.ToString());
            using var doc = JsonDocument.Parse(o.ToString());
            Assert.Equal(6, doc.RootElement.GetArrayLength());
        }
        finally
        {
            Environment.SetEnvironmentVariable("Prometheus__BaseUrl", null);
        }
    }

    [Fact]
    public void Help_ListsRunsAndCompare()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(0, CommandDispatcher.Run(["--help"], o, TextWriter.Null));
        Assert.Contains("runs", o.ToString());
        Assert.Contains("compare", o.ToString());
        Assert.Equal(0, CommandDispatcher.Run(["compare", "--help"], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, CommandDispatcher.Run(["runs", "--help"], TextWriter.Null, TextWriter.Null));
    }
}
