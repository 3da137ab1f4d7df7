using System.Globalization;
using System.Text.Json;
using SparkTuner.Cli.Commands;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary>
/// <c>sparktuner runs</c> and <c>compare</c> against the real demo Prometheus, with the command's "now" set just after the
/// last demo run's end: that run's last sample is within two scrape intervals (2 × 5 s) of now, so it is still running.
/// </summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class CliRunStateTests(DemoPrometheusFixture fx)
{
    private SparkTuner.Demo.DemoManifestRun Last => fx.Manifest.Runs.MaxBy(r => r.End)!;

    private DateTimeOffset JustAfterLastRun => Last.End.AddSeconds(1);

    private static string[] Common(string url) => ["--prometheus", url, "--scrape-interval", "5s"];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private (int Code, string Out, string Err) Runs(DateTimeOffset now, params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        var code = RunsCommand.Run([.. args, .. Common(fx.BaseUrl)], o, e, now);
        return (code, o.ToString(), e.ToString());
    }

    private (int Code, string Out, string Err) Compare(DateTimeOffset now, params string[] extra)
    {
        // The last run on the candidate side, the runs of the other variant as baseline.
        var candidate = fx.Ids(Last.Variant);
        var baseline = fx.Manifest.Runs.Where(r => r.Variant != Last.Variant).Select(r => r.AppId);
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        var code = CompareCommand.Run(
            ["--baseline", string.Join(",", baseline), "--candidate", string.Join(",", candidate), .. extra, .. Common(fx.BaseUrl)], o, e, now);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Runs_Table_StateColumnRunningForTheRunStillScraped()
    {
        var (code, output, err) = Runs(JustAfterLastRun);

        Assert.True(code == 0, err);
        var lines = Lines(output);
        Assert.EndsWith("STATE", lines[0]);
        Assert.Equal(fx.Manifest.Runs.Count + 2, lines.Length); // header, rule, one line per run
        foreach (var run in fx.Manifest.Runs)
        {
            var line = Assert.Single(lines, l => l.StartsWith(run.AppId, StringComparison.Ordinal));
            Assert.EndsWith(run.AppId == Last.AppId ? " running" : " completed", line);
        }
    }

    [Fact]
    public void Runs_Json_StateRunningOrCompleted()
    {
        var (code, output, err) = Runs(JustAfterLastRun, "--json");

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        foreach (var run in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(run.GetProperty("id").GetString() == Last.AppId ? "running" : "completed", run.GetProperty("state").GetString());
        }
    }

    [Fact]
    public void Runs_AnHourLater_EveryRunCompleted()
    {
        var (code, output, err) = Runs(Last.End.AddHours(1));

        Assert.True(code == 0, err);
        Assert.All(Lines(output).Skip(2), l => Assert.EndsWith(" completed", l));
    }

    [Fact]
    public void Compare_GateWithARunStillRunning_Exit2WithOneLineNamingIt()
    {
        // RIP is never below −1, so this gate passes on any completed comparison; with a run still running it must not.
        var (code, output, err) = Compare(JustAfterLastRun, "--metrics", "duration_seconds", "--fail-if-worse", "duration_seconds:-1");

        Assert.Equal(2, code);
        Assert.Contains("Run duration", output);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith($"error: run {Last.AppId} is still running", line);
        Assert.Contains("--fail-if-worse", line);
    }

    [Fact]
    public void Compare_NoGateWithARunStillRunning_Exit0PartialNotesAndWarning()
    {
        var (code, output, err) = Compare(JustAfterLastRun, "--metrics", "duration_seconds,executor_cpu_seconds", "--json");

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var candidateRuns = doc.RootElement.GetProperty("candidate").GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal("running", Assert.Single(candidateRuns, r => r.GetProperty("id").GetString() == Last.AppId).GetProperty("state").GetString());
        Assert.All(doc.RootElement.GetProperty("rows").EnumerateArray(),
            r => Assert.Contains($"partial: run {Last.AppId} is still running", r.GetProperty("note").GetString(), StringComparison.Ordinal));
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains(Last.AppId, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_GateAnHourLater_RunsCompletedGatePasses()
    {
        var (code, _, err) = Compare(Last.End.AddHours(1), "--metrics", "duration_seconds", "--fail-if-worse", "duration_seconds:-1");

        Assert.True(code == 0, err);
        Assert.Equal("", err);
    }
}
