using Bunit;
using SparkTuner.Core.Advice;
using SparkTuner.Core.Spark;
using SparkTuner.Web.Components.Controls.Advice;
using SparkTuner.Web.Components.Controls.Spark;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Spark;

/// <summary>The advisor's sections: findings (changed first), the memory model per JVM, the cache verdict.</summary>
public sealed class AdviceControlsTests : BunitTestContext
{
    private const long MiB = SparkSize.MiB;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SparkExecutor Executor(string id, double taskSeconds, double gcSeconds, long peakHeap, long peakStorage) => new()
    {
        Id = id,
        TotalCores = 2,
        TotalTaskTime = TimeSpan.FromSeconds(taskSeconds),
        TotalGcTime = TimeSpan.FromSeconds(gcSeconds),
        MaxMemory = 2_000_000_000,
        PeakMetrics = new ExecutorPeakMetrics(new Dictionary<string, long>
        {
            ["JVMHeapMemory"] = peakHeap, ["OnHeapStorageMemory"] = peakStorage, ["OnHeapExecutionMemory"] = 100 * MiB,
            ["OnHeapUnifiedMemory"] = peakStorage + 100 * MiB,
        }),
    };

    private static SparkStage Stage(int id, double seconds, int[] rdds, long spill = 0) => new()
    {
        StageId = id, Status = "COMPLETE", Name = $"count at x.py:{id}", NumTasks = 16, SubmissionTime = T0, CompletionTime = T0.AddSeconds(seconds),
        ExecutorRunTime = TimeSpan.FromSeconds(seconds * 8), ShuffleReadBytes = 1000, MemoryBytesSpilled = spill, DiskBytesSpilled = spill / 3, RddIds = rdds,
    };

    /// <summary>Baseline: GC 12 % and a spill; candidate: cached, GC 6 %, the same spill. Jobs put both stages in one job.</summary>
    public static AdviceReport Report()
    {
        SparkJob[] jobs = [new() { JobId = 0, Name = "j", Status = "SUCCEEDED", StageIds = [0, 1] }];
        var props = new Dictionary<string, string> { ["spark.executor.memory"] = "4g" };
        var b = new AdvisorInput("app-b", "baseline noncached", props, [Executor("1", 1000, 120, 2600 * MiB, 0)],
            [Stage(0, 100, [0]), Stage(1, 100, [1], spill: 100)], jobs, []);
        var c = new AdvisorInput("app-c", "candidate cached", props, [Executor("1", 1000, 60, 2600 * MiB, 1300 * MiB)],
            [Stage(0, 60, [0, 2]), Stage(1, 40, [1, 2], spill: 100)], jobs, [new SparkRddStorage(2, "df1", 8, 8, "Memory Deserialized 1x Replicated", 1300 * MiB, 0)]);
        return Advisor.Advise(b, c);
    }

    [Fact]
    public void AdviceFindings_ChangedFirst_EvidenceLinkedToChartAndStage_Recommendation()
    {
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>(Services).NavigateTo("compare?baseline=a&candidate=b#group-cpu");
        var cut = Render<AdviceFindings>(p => p.Add(x => x.Report, Report()));

        var rows = cut.FindAll("[data-testid=advice-finding]");
        Assert.Equal(["gc-high", "spill"], rows.Select(r => r.GetAttribute("data-rule")));
        Assert.Equal(["resolved", "same"], rows.Select(r => r.GetAttribute("data-change")));
        Assert.Equal("moderate", rows[0].QuerySelector("[data-side=baseline] [data-testid=advice-severity]")!.TextContent.Trim());
        Assert.Equal("none", rows[0].QuerySelector("[data-side=candidate] [data-testid=advice-severity]")!.TextContent.Trim());
        Assert.Contains("12.0 %", rows[0].TextContent, StringComparison.Ordinal);
        // On this page, whatever the document's <base href>: a bare "#group-gc" led to the Runs page at "/#group-gc".
        Assert.Equal("compare?baseline=a&candidate=b#group-gc", rows[0].QuerySelector("a[data-chart-metric=gc_time]")!.GetAttribute("href"));
        Assert.Equal("1", rows[1].QuerySelector("a[data-stage]")!.GetAttribute("data-stage"));
        Assert.Equal("compare?baseline=a&candidate=b#spark-rest-stages", rows[1].QuerySelector("a[data-stage]")!.GetAttribute("href"));
        Assert.Contains("spark.executor.memory=6g", rows[0].QuerySelector("[data-testid=advice-recommendation]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Dr. Elephant", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryModelPanel_ConfiguredRegionsAndMeasuredPeaks()
    {
        var view = Report().MemoryModels.Single(m => m.Side == "candidate" && m.ExecutorId == "1");

        var cut = Render<MemoryModelPanel>(p => p.Add(x => x.View, view));

        // (4096 − 300) MiB × 0.6 = 2277.6 MiB = 2.22 GiB; storage region 1138.8 MiB, peak storage 1300 MiB borrowed beyond it.
        Assert.Equal("2.22 GiB", cut.Find("[data-testid=unified]").TextContent.Trim());
        Assert.Equal("1.27 GiB", cut.Find("[data-testid=peak-storage]").TextContent.Trim());
        Assert.Equal("2.54 GiB", cut.Find("[data-testid=peak-heap]").TextContent.Trim());
        Assert.Contains("Storage borrowed", cut.Find("[data-testid=memory-readings]").TextContent, StringComparison.Ordinal);
        Assert.Equal("candidate", cut.Find("[data-testid=memory-model]").GetAttribute("data-side"));
    }

    [Fact]
    public void CacheVerdictView_PaidOff_VerdictNamesBothSides()
    {
        var cut = Render<CacheVerdictView>(p => p.Add(x => x.Verdict, Report().Cache));

        Assert.Equal("PaidOff", cut.Find("[data-testid=cache-verdict]").GetAttribute("data-outcome"));
        var text = cut.Find("[data-testid=cache-verdict-text]").TextContent;
        Assert.Contains("paid off: −100 s of stage time for 1.27 GiB of storage memory", text, StringComparison.Ordinal);
        Assert.Contains("candidate cached against 200 s in baseline noncached", text, StringComparison.Ordinal);
        Assert.Contains("df1", cut.Find("[data-testid=cache-dataset]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsView_AdviceReady_ThreeSectionsBeforeTheStages_AdviceFailure_Message()
    {
        var ready = SparkRestSamples.Ready() with { Advice = new(Report(), null) };
        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, ready));

        Assert.Equal(2, cut.FindAll("[data-testid=advice-finding]").Count);
        Assert.Equal(2, cut.FindAll("[data-testid=memory-model]").Count); // one executor per side, no driver listed
        Assert.NotNull(cut.Find("[data-testid=cache-verdict]"));

        var failed = SparkRestSamples.Ready() with { Advice = new(null, "Spark REST: allexecutors answered HTTP 500") };
        var cut2 = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, failed));
        Assert.Contains("HTTP 500", cut2.Find("[data-testid=spark-rest-advice] [data-testid=spark-rest-section-error]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut2.FindAll("[data-testid=stage-row]"));
    }
}

/// <summary>The advice travels inside a snapshot's Spark REST sections (issue 12 stores the view model as JSON).</summary>
public sealed class AdviceSnapshotTests : BunitTestContext
{
    [Fact]
    public void SparkRestViewModel_WithAdvice_RoundTripsThroughSnapshotJson_AndRendersTheSameVerdict()
    {
        var model = SparkRestSamples.Ready() with { Advice = new(AdviceControlsTests.Report(), null) };

        var json = System.Text.Json.JsonSerializer.SerializeToElement(model, SparkTuner.Core.Snapshots.SnapshotJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<SparkRestViewModel>(json, SparkTuner.Core.Snapshots.SnapshotJson.Options)!;

        Assert.Equal(model.Advice!.Value!.Cache.Verdict, back.Advice!.Value!.Cache.Verdict);
        Assert.Equal(model.Advice.Value.Findings.Select(f => (f.RuleId, f.Change, f.BaselineSeverity, f.CandidateSeverity)),
            back.Advice.Value.Findings.Select(f => (f.RuleId, f.Change, f.BaselineSeverity, f.CandidateSeverity)));
        var cut = Render<SparkRestSectionsView>(p => p.Add(x => x.Model, back));
        Assert.Equal(2, cut.FindAll("[data-testid=advice-finding]").Count);
        Assert.Contains("paid off", cut.Find("[data-testid=cache-verdict-text]").TextContent, StringComparison.Ordinal);
    }
}
