using System.Globalization;
using System.Text.Json;
using SparkTuner.Cli;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo.Rest;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary><c>sparktuner compare --advice</c> and <c>--fail-on-new-finding</c> against the demo Prometheus and the demo REST API.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class AdviceCliTests(DemoPrometheusFixture fx) : IDisposable
{
    private readonly DemoRestServer _rest = DemoRestServer.Start(DemoRestApi.From(fx.Manifest), "127.0.0.1", PrometheusServer.FreePort());

    public void Dispose() => _rest.Dispose();

    private (int Code, string Out, string Err) Compare(bool swapped, params string[] extra)
    {
        var (b, c) = swapped ? (fx.Ids("cached"), fx.Ids("noncached")) : (fx.Ids("noncached"), fx.Ids("cached"));
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandDispatcher.Run(["compare", "--baseline", string.Join(",", b), "--candidate", string.Join(",", c), "--metrics", "duration_seconds",
            .. extra, "--prometheus", fx.BaseUrl, "--scrape-interval", "5s"], o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Advice_Table_FindingsMemoryAndCacheVerdictPrinted()
    {
        var (code, output, err) = Compare(false, "--advice", "--spark-rest", _rest.BaseUrl);

        Assert.True(code == 0, err);
        Assert.Contains("Advice (", output, StringComparison.Ordinal);
        Assert.Contains("resolved", output, StringComparison.Ordinal);
        Assert.Contains("Cache:", output, StringComparison.Ordinal);
        Assert.Contains("paid off: −", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Advice_Json_SameTreeAsTheApi()
    {
        var (code, output, err) = Compare(false, "--advice", "--json", "--spark-rest", _rest.BaseUrl);

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("paid_off", doc.RootElement.GetProperty("advice").GetProperty("cache").GetProperty("outcome").GetString());
    }

    [Fact]
    public void FailOnNewFinding_CachedBaselineNonCachedCandidate_NewFindingsFailAtLow_NotAtSevere()
    {
        // The non-cached run as candidate brings back GC (moderate), spill (low) and over-provisioned memory (moderate).
        var (code, _, err) = Compare(true, "--fail-on-new-finding", "low", "--spark-rest", _rest.BaseUrl);
        Assert.Equal(CompareCommand.GateFailed, code);
        Assert.Contains("finding gate failed: gc-high new (none -> moderate)", err, StringComparison.Ordinal);
        Assert.Contains("finding gate failed: spill new (none -> low)", err, StringComparison.Ordinal);

        var (severe, _, severeErr) = Compare(true, "--fail-on-new-finding", "severe", "--spark-rest", _rest.BaseUrl);
        Assert.True(severe == 0, severeErr);

        // The other way round every finding is resolved: nothing new.
        var (resolved, _, resolvedErr) = Compare(false, "--fail-on-new-finding", "low", "--spark-rest", _rest.BaseUrl);
        Assert.True(resolved == 0, resolvedErr);
    }

    [Fact]
    public void Advice_RestUnreachable_Exit2OneLine_BadSeverity_UsageError()
    {
        var (code, _, err) = Compare(false, "--advice", "--spark-rest", "http://127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.StartsWith("error: no advice: the Spark REST API failed:", err, StringComparison.Ordinal);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var (bad, _, badErr) = Compare(false, "--fail-on-new-finding", "huge");
        Assert.Equal(2, bad);
        Assert.Contains("--fail-on-new-finding must be low, moderate, severe or critical (got 'huge')", badErr, StringComparison.Ordinal);
    }
}
