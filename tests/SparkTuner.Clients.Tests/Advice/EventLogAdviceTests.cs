using System.Text.Json;
using SparkTuner.Clients.Tests.Spark;
using SparkTuner.Core.Advice;

namespace SparkTuner.Clients.Tests.Advice;

/// <summary>
/// Advisor cases derived from Spark's event logs (../shared/spark-fixtures/eventlogs): the configuration the REST fixtures
/// lack, and per-task run times the task summaries are built from.
/// </summary>
public sealed class EventLogAdviceTests
{
    private static IEnumerable<JsonElement> Events(string app)
    {
        foreach (var line in File.ReadLines(Path.Combine(FixturePaths.SparkFixtures, "eventlogs", app)))
        {
            if (line.Length > 0) yield return JsonDocument.Parse(line).RootElement.Clone();
        }
    }

    private static Dictionary<string, string> SparkProperties(string app)
    {
        var env = Events(app).First(e => e.GetProperty("Event").GetString() == "SparkListenerEnvironmentUpdate").GetProperty("Spark Properties");
        return env.ValueKind == JsonValueKind.Object
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : env.EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString()!);
    }

    [Fact]
    public async Task ExecutorMetricsApp_ConfigurationFromItsEventLog_MemoryModelAndRules()
    {
        var properties = SparkProperties("application_1553914137147_0018");
        Assert.Equal("7g", properties["spark.executor.memory"]);
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var run = new AdvisorInput("application_1553914137147_0018", "yarn app", properties,
            await sp.Source().ExecutorsAsync("application_1553914137147_0018"), [], [], []);

        // 7 GiB against executor 1's 984736560 B peak + 300 MiB: 5.78× → severe over-provisioning.
        Assert.Equal(Severity.Severe, AdvisorRules.ExecutorMemoryOver.Evaluate(AdvisorRules.ExecutorMemoryOver, run)!.Severity);
        // The driver's 2g is not above Dr. Elephant's 2 GiB floor: not judged, though 2 GiB / (209883992 B + 300 MiB) = 4.1×.
        var driver = AdvisorRules.DriverMemoryOver.Evaluate(AdvisorRules.DriverMemoryOver, run)!;
        Assert.Equal(Severity.None, driver.Severity);
        Assert.Equal(2.0 * SparkSize.GiB / (209883992 + 300 * SparkSize.MiB), driver.Evidence[0].Value, 9);
        // The model from the log's 7g: (7168 − 300) MiB × 0.6 = 4120.8 MiB unified. Spark reported 3820172083 B (3643 MiB) of
        // maxMemory: it computes from Runtime.maxMemory, below -Xmx.
        var view = Advisor.MemoryView("baseline", run, SparkProcess.Executor)!;
        Assert.Equal(4120.8, view.Model.UnifiedBytes / (double)SparkSize.MiB, 3);
        Assert.True(view.ReportedMaxMemoryBytes < view.Model.UnifiedBytes);
        Assert.DoesNotContain("spark.executor.memory", view.Model.Settings.Defaulted);
    }

    [Fact]
    public void PeakMetricsApp_TaskRunTimesFromItsEventLog_AgreeWithTheRestDistribution_NoSkew()
    {
        var byStage = Events("app-20200706201101-0003")
            .Where(e => e.GetProperty("Event").GetString() == "SparkListenerTaskEnd")
            .GroupBy(e => e.GetProperty("Stage ID").GetInt32(), e => e.GetProperty("Task Metrics").GetProperty("Executor Run Time").GetDouble())
            .ToDictionary(g => g.Key, g => g.Order().ToList());
        var durations = byStage.ToDictionary(kv => kv.Key, kv =>
            new StageTaskDurations(kv.Key, (kv.Value[(kv.Value.Count - 1) / 2] + kv.Value[kv.Value.Count / 2]) / 2, kv.Value[^1]));

        // Stage 2: 16 tasks, median 1597.5 ms, longest 1624 ms — the REST distribution of the same stage says 1598 and 1624.
        Assert.Equal(new StageTaskDurations(2, 1597.5, 1624), durations[2]);
        var skew = AdvisorRules.TaskSkew.Evaluate(AdvisorRules.TaskSkew, new AdvisorInput("app-20200706201101-0003", "x",
            new Dictionary<string, string>(), [], [], [], [], durations))!;
        Assert.Equal(Severity.None, skew.Severity); // every longest task is under 5 s
        // The same stages with one task ten times the median and past 5 s: DataFlint's partition skew, severe on our ladder.
        var skewed = durations.ToDictionary(kv => kv.Key, kv => kv.Value with { MaxRunMs = kv.Value.MedianRunMs * 10 > 5000 ? kv.Value.MedianRunMs * 10 : kv.Value.MaxRunMs });
        Assert.Equal(Severity.Severe, AdvisorRules.TaskSkew.Evaluate(AdvisorRules.TaskSkew, new AdvisorInput("x", "x",
            new Dictionary<string, string>(), [], [], [], [], skewed))!.Severity);
    }
}
