using SparkTuner.Cli.Commands;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Runs;

namespace SparkTuner.Clients.Tests.Cli;

/// <summary>The CLI's human-readable comparison table (written to a pipe: plain text).</summary>
public class ComparisonViewTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 11, 12, 0, 0, TimeSpan.Zero);

    private static SparkRun Run(string id, double start, double duration) =>
        new(id, "app-" + id, T0.AddSeconds(start), T0.AddSeconds(start + duration), 2, "v");

    private static readonly SummarySpec Duration = new("duration_seconds", "", MetricScope.Driver, Statistic.Duration, ExecutorAggregation.Sum, "Duration");

    private static string Render(ComparisonResult result)
    {
        var writer = new StringWriter();
        CliConsole.Write(writer, console => ComparisonView.Render(result, console));
        return writer.ToString();
    }

    [Fact]
    public void Render_ThreeRunsEachSide_RunCountCaveatOnceAndWithinNoiseReasonPerRow()
    {
        var rows = new[] { Duration, Duration with { Id = "duration_again", DisplayName = "Duration again" } };
        // 100/101/102 s against 99/100/101 s: a 1 % change, inside the threshold and the overlapping ranges.
        var result = ComparisonEngine.Compare([Run("b1", 0, 100), Run("b2", 1000, 101), Run("b3", 2000, 102)],
            [Run("c1", 3000, 99), Run("c2", 4000, 100), Run("c3", 5000, 101)], rows, new Dictionary<string, MetricDefinition>(), (_, _) => null, new ComparisonOptions());

        var text = Render(result);
        const string caveat = "3 vs 3 runs: bootstrap interval is crude";
        Assert.Equal(1, text.Split(caveat).Length - 1);
        Assert.Contains("Every compared row: " + caveat, text, StringComparison.Ordinal);
        Assert.Contains("Duration again: within noise: |RIP| 0.0099 is below the 0.02 threshold", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }
}
