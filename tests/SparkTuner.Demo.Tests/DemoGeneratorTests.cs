using System.Text.RegularExpressions;
using SparkTuner.Demo;

namespace SparkTuner.Demo.Tests;

public sealed class DemoGeneratorTests
{
    private static readonly Lazy<string> DefaultText = new(() => DemoText.Write(DemoText.Options()));
    private static readonly Lazy<List<DemoText.Line>> DefaultLines = new(() => DemoText.Samples(DefaultText.Value).ToList());

    [Fact]
    public void Generate_SameOptions_ByteIdenticalOutput()
    {
        var again = DemoText.Write(DemoText.Options());
        Assert.Equal(DefaultText.Value, again);
    }

    [Fact]
    public void Generate_OtherSeed_DifferentIdsAndValues()
    {
        var a = DemoGenerator.Generate(DemoText.Options());
        var b = DemoGenerator.Generate(DemoText.Options(o => o with { Seed = 7 }));
        Assert.NotEqual(a.Runs[0].AppId, b.Runs[0].AppId);
        Assert.NotEqual(a.Runs[0].Duration, b.Runs[0].Duration);
    }

    [Fact]
    public void Generate_DefaultOptions_SixAlternatingRunsWithOrderedPhasesEndingAtEnd()
    {
        var d = DemoGenerator.Generate(DemoText.Options());
        Assert.Equal(6, d.Runs.Count);
        Assert.Equal(["noncached", "cached", "noncached", "cached", "noncached", "cached"], d.Runs.Select(r => r.Variant));
        Assert.Equal(DemoText.End, d.Runs[^1].End);
        for (int i = 0; i < d.Runs.Count; i++)
        {
            var r = d.Runs[i];
            Assert.Equal($"cartesian-200k-{r.Variant}", r.Name);
            Assert.Equal(r.Variant, r.Name[(r.Name.LastIndexOf('-') + 1)..]);
            Assert.Equal([DemoPhases.ExecutorsStarting, DemoPhases.GenerateInputs, DemoPhases.GroupByShuffle, DemoPhases.CartesianCount],
                r.Phases.Select(p => p.Name));
            Assert.Equal(r.Start, r.Phases[0].Start);
            for (int p = 0; p < r.Phases.Count; p++)
            {
                Assert.True(r.Phases[p].Start < r.Phases[p].End, $"{r.Name} phase {r.Phases[p].Name} is empty");
                if (p > 0) Assert.Equal(r.Phases[p - 1].End, r.Phases[p].Start);
            }
            Assert.True(r.Phases[^1].End <= r.End);
            Assert.InRange(r.Phases[0].Duration(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
            if (i > 0) Assert.True(d.Runs[i - 1].End < r.Start, "runs overlap");
            Assert.InRange(r.Duration, r.IsCached ? TimeSpan.FromSeconds(140) : TimeSpan.FromSeconds(235), r.IsCached ? TimeSpan.FromSeconds(190) : TimeSpan.FromSeconds(310));
        }
    }

    [Fact]
    public void Generate_TenSeeds_CachedShorterThanNonCachedOnAverage()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var d = DemoGenerator.Generate(DemoText.Options(o => o with { Seed = seed }));
            var cached = d.Runs.Where(r => r.IsCached).Average(r => r.Duration.TotalSeconds);
            var plain = d.Runs.Where(r => !r.IsCached).Average(r => r.Duration.TotalSeconds);
            Assert.True(cached < plain * 0.75, $"seed {seed}: cached {cached:0} s vs non-cached {plain:0} s");
            var durations = d.Runs.Where(r => !r.IsCached).Select(r => r.Duration.TotalSeconds).ToArray();
            Assert.True(durations.Max() - durations.Min() > 0.1, "no run-to-run noise");
        }
    }

    [Fact]
    public void Generate_Identity_KubernetesStyleIdsPodsAndLabels()
    {
        var d = DemoGenerator.Generate(DemoText.Options());
        Assert.Equal(6, d.Runs.Select(r => r.AppId).Distinct().Count());
        foreach (var r in d.Runs)
        {
            Assert.Matches("^spark-[0-9a-f]{32}$", r.AppId);
            Assert.Equal("spark-demo", r.Namespace);
            Assert.Equal(5, r.Pods.Count);
            Assert.Matches($"^{r.KubernetesAppName}-[0-9a-f]{{8}}-driver$", r.Driver.Name);
            var prefix = r.Driver.Name[..^"-driver".Length];
            Assert.Equal(Enumerable.Range(1, 4).Select(i => $"{prefix}-exec-{i}"), r.Pods.Skip(1).Select(p => p.Name));
            Assert.Equal(["1", "2", "3", "4"], r.Pods.Skip(1).Select(p => p.ExecutorId));
            Assert.All(r.Pods, p => Assert.Matches(@"^10\.\d+\.\d+\.\d+$", p.Ip));
            Assert.All(r.Pods, p => Assert.Matches("^demo-node-[1-3]$", p.Node));
            Assert.Equal(5, r.Pods.Select(p => p.Ip).Distinct().Count());
            var execStarts = r.Pods.Skip(1).Select(p => p.Start).ToArray();
            Assert.InRange((execStarts.Max() - execStarts.Min()).TotalSeconds, 8, 21);
            Assert.All(r.Pods.Skip(1), p => Assert.True(p.Start < p.Registered && p.Registered < r.Phases[1].Start));
        }
        Assert.Equal("my-app-1", DemoGenerator.KubernetesName("My_App.1"));
    }

    [Fact]
    public void WriteOpenMetrics_Output_PassesValidatorWithEofLastAndSecondTimestamps()
    {
        var text = DefaultText.Value;
        Assert.EndsWith("# EOF\n", text);
        var result = OpenMetricsValidator.Validate(new StringReader(text.TrimEnd('\n')));
        Assert.Equal(DefaultLines.Value.Count, result.Samples);
        var stats = DemoGenerator.Generate(DemoText.Options()).WriteOpenMetrics(TextWriter.Null);
        Assert.Equal(result.Samples, stats.Samples);
        Assert.Equal(result.Series, stats.Series);
        Assert.All(DefaultLines.Value, l => Assert.InRange(l.Ts, DemoText.End.ToUnixTimeSeconds() - 86400, DemoText.End.ToUnixTimeSeconds()));
    }

    [Fact]
    public void WriteOpenMetrics_ExecutorEndpoint_ExactlySparkLineSetPerExecutor()
    {
        var names = DefaultLines.Value.Where(l => l.Name.StartsWith("metrics_executor_", StringComparison.Ordinal))
            .Select(l => l.Name).Distinct().ToArray();
        Assert.Equal(DemoDataset.ExecutorMetricNames, names);
        Assert.Equal(39, names.Length);
        Assert.Contains("metrics_executor_failedTasks_total", names);
        Assert.Contains("metrics_executor_ProcessTreeOtherRSSMemory_bytes", names);
        var totalCores = DefaultLines.Value.Where(l => l.Name == "metrics_executor_totalCores").ToArray();
        Assert.Equal(6 * 5, totalCores.Select(l => l.Series).Distinct().Count());
        Assert.All(totalCores, l => Assert.Equal(l.Label("executor_id") == "driver" ? 0 : 2, l.Value));
        Assert.All(totalCores, l => Assert.Equal("spark-executors", l.Label("job")));
        Assert.Contains(DefaultLines.Value, l => l.Name == "spark_info" && l.Label("version") == "3.5.1");
    }

    [Fact]
    public void WriteOpenMetrics_PeakMemoryLines_MonotoneNonDecreasingPerSeries()
    {
        var peaks = new[] { "JVMHeapMemory", "JVMOffHeapMemory", "OnHeapExecutionMemory", "OnHeapStorageMemory", "OnHeapUnifiedMemory", "DirectPoolMemory" };
        foreach (var peak in peaks)
        {
            var name = $"metrics_executor_{peak}_bytes";
            foreach (var g in DefaultLines.Value.Where(l => l.Name == name).GroupBy(l => l.Series))
            {
                var v = g.Select(l => l.Value).ToArray();
                for (int i = 1; i < v.Length; i++) Assert.True(v[i] >= v[i - 1], $"{g.Key} drops at {i}");
            }
        }
        // The current heap (servlet gauge) is not monotone: it has GC sawtooth.
        var heap = DefaultLines.Value.Where(l => l.Name == "metrics_cartesian_200k_cached_driver_jvm_heap_used_Value").Select(l => l.Value).ToArray();
        Assert.Contains(heap.Zip(heap.Skip(1)), p => p.Second < p.First);
    }

    [Fact]
    public void WriteOpenMetrics_ByteAndCountLines_IntegerValues()
    {
        var integral = DefaultLines.Value.Where(l => l.Name.EndsWith("_bytes", StringComparison.Ordinal) || l.Name.EndsWith("_MB_Value", StringComparison.Ordinal)
            || l.Name.EndsWith("Count_total", StringComparison.Ordinal) || l.Name.EndsWith("Tasks_total", StringComparison.Ordinal) || l.Name == "container_memory_rss");
        Assert.All(integral, l => Assert.True(l.Value == Math.Floor(l.Value), $"{l.Name} = {l.Value}"));
    }

    [Fact]
    public void WriteOpenMetrics_Counters_MonotoneAndCumulative()
    {
        var counters = DefaultLines.Value.Where(l => l.Name.EndsWith("_total", StringComparison.Ordinal) || l.Name.EndsWith("_Count", StringComparison.Ordinal)
            || l.Name.Contains("jvmCpuTime", StringComparison.Ordinal));
        foreach (var g in counters.GroupBy(l => l.Series))
        {
            var v = g.Select(l => l.Value).ToArray();
            for (int i = 1; i < v.Length; i++) Assert.True(v[i] >= v[i - 1], $"{g.Key} decreases at {i}");
        }
    }

    [Fact]
    public void WriteOpenMetrics_CachedVsNonCached_StorageOnlyCachedMoreGcAndCpuNonCached()
    {
        var d = DemoGenerator.Generate(DemoText.Options());
        var lines = DefaultLines.Value;
        double Last(string name, DemoRun run, string exec) =>
            lines.Last(l => l.Name == name && l.Label("application_id") == run.AppId && l.Label("executor_id") == exec).Value;
        foreach (var run in d.Runs)
        {
            var storage = Enumerable.Range(1, 4).Select(i => Last("metrics_executor_memoryUsed_bytes", run, i.ToString())).ToArray();
            if (run.IsCached) Assert.All(storage, s => Assert.InRange(s, 0.9 * DemoOptions.GiB, 1.6 * DemoOptions.GiB));
            else Assert.All(storage, s => Assert.Equal(0, s));
            var heapPeak = Enumerable.Range(1, 4).Max(i => Last("metrics_executor_JVMHeapMemory_bytes", run, i.ToString()));
            Assert.True(heapPeak < 4 * DemoOptions.GiB);
        }
        double Sum(string name, bool cached) => d.Runs.Where(r => r.IsCached == cached)
            .Sum(r => Enumerable.Range(1, 4).Sum(i => Last(name, r, i.ToString())));
        var gcFracPlain = Sum("metrics_executor_totalGCTime_seconds_total", false) / Sum("metrics_executor_totalDuration_seconds_total", false);
        var gcFracCached = Sum("metrics_executor_totalGCTime_seconds_total", true) / Sum("metrics_executor_totalDuration_seconds_total", true);
        Assert.True(gcFracPlain > gcFracCached * 1.5, $"GC fraction non-cached {gcFracPlain:0.000} vs cached {gcFracCached:0.000}");
        Assert.True(Sum("metrics_executor_totalDuration_seconds_total", false) > Sum("metrics_executor_totalDuration_seconds_total", true) * 1.3);
        Assert.True(Sum("metrics_executor_totalShuffleWrite_bytes_total", true) > 0);

        // cAdvisor CPU ≈ task time (cores × utilisation) per executor pod.
        var run0 = d.Runs[0];
        var pod = run0.Pods[1];
        var cpu = lines.Last(l => l.Name == "container_cpu_usage_seconds_total" && l.Label("pod") == pod.Name).Value;
        var task = Last("metrics_executor_totalDuration_seconds_total", run0, "1");
        Assert.InRange(cpu / task, 0.85, 1.3);
        Assert.Equal("spark-kubernetes-executor", lines.First(l => l.Name == "container_cpu_usage_seconds_total" && l.Label("pod") == pod.Name).Label("container"));
    }

    [Fact]
    public void WriteOpenMetrics_SeriesLifetimes_ExecutorFromRegistrationDriverFromStart()
    {
        var d = DemoGenerator.Generate(DemoText.Options());
        var interval = 5.0;
        foreach (var run in d.Runs)
        {
            foreach (var pod in run.Pods)
            {
                var exec = pod.ExecutorId ?? "driver";
                var ts = DefaultLines.Value.Where(l => l.Name == "metrics_executor_rddBlocks" && l.Label("application_id") == run.AppId && l.Label("executor_id") == exec)
                    .Select(l => l.Ts).ToArray();
                var reg = pod.Registered.ToUnixTimeMilliseconds() / 1000.0;
                Assert.InRange(ts[0], reg, reg + interval);
                Assert.InRange(ts[^1], run.End.ToUnixTimeMilliseconds() / 1000.0 - interval, run.End.ToUnixTimeMilliseconds() / 1000.0);
                Assert.All(ts.Zip(ts.Skip(1)), p => Assert.Equal(interval, p.Second - p.First, 3));
            }
            var ksm = DefaultLines.Value.Where(l => l.Name == "kube_pod_labels" && l.Label("label_spark_app_selector") == run.AppId).ToArray();
            Assert.Equal(5, ksm.Select(l => l.Label("pod")).Distinct().Count());
            Assert.All(ksm, l => Assert.Equal(run.KubernetesAppName, l.Label("label_spark_app_name")));
        }
        Assert.DoesNotContain(DefaultLines.Value, l => l.Ts % 60 == 0 && l.Name == "spark_info");
    }

    [Fact]
    public void WriteOpenMetrics_Servlet_NamesFollowRegistryKeyNormalisation()
    {
        Assert.Equal("metrics_cartesian_200k_noncached_driver_jvm_heap_used_Value",
            DemoDataset.ServletMetricName("cartesian-200k-noncached.driver.jvm.heap.used", "Value"));
        var names = DefaultLines.Value.Select(l => l.Name).ToHashSet();
        foreach (var v in new[] { "cached", "noncached" })
        {
            var p = $"metrics_cartesian_200k_{v}_driver_";
            Assert.Contains(p + "BlockManager_memory_memUsed_MB_Number", names);
            Assert.Contains(p + "BlockManager_memory_memUsed_MB_Value", names);
            Assert.Contains(p + "JVMCPU_jvmCpuTime_Value", names);
            Assert.Contains(p + "ExecutorMetrics_JVMHeapMemory_Value", names);
            Assert.Contains(p + "DAGScheduler_stage_runningStages_Value", names);
            Assert.Contains(p + "LiveListenerBus_numEventsPosted_Count", names);
            Assert.Contains(p + "jvm_non_heap_used_Value", names);
        }
        var memUsed = DefaultLines.Value.Where(l => l.Name == "metrics_cartesian_200k_cached_driver_BlockManager_memory_memUsed_MB_Value").Max(l => l.Value);
        Assert.InRange(memUsed, 4 * 1000, 4 * 1600); // 4 executors × 1–1.5 GiB cached, integer MiB
        Assert.All(DefaultLines.Value.Where(l => l.Name.EndsWith("_Count", StringComparison.Ordinal)), l => Assert.Equal("counters", l.Label("type")));
    }

    [Fact]
    public void WriteOpenMetrics_ManyExecutorsLongRun_StreamsWithoutHoldingSamples()
    {
        var o = DemoText.Options(o => o with { RunsPerVariant = 1, Executors = 40, BaseDuration = TimeSpan.FromMinutes(20) });
        var counting = new CountingWriter();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = DemoGenerator.Generate(o).WriteOpenMetrics(counting);
        Assert.True(result.Samples > 500_000, $"{result.Samples} samples");
        Assert.True(counting.Chars > 50_000_000);
        GC.Collect();
        Assert.True(GC.GetTotalMemory(true) < 200_000_000, "generator keeps output in memory");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before > 0);
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Chars { get; private set; }
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => Chars++;
        public override void Write(char[] buffer, int index, int count) => Chars += count;
        public override void Write(string? value) => Chars += value?.Length ?? 0;
    }

    [Theory]
    [InlineData("executors", "executors must be at least 1 (got 0)")]
    [InlineData("runs", "runs per variant must be at least 1 (got 0)")]
    [InlineData("cores", "cores per executor must be at least 1 (got 0)")]
    [InlineData("duration", "duration must be positive (got 0 s)")]
    [InlineData("scrape", "scrape interval must be positive (got -5 s)")]
    public void Generate_InvalidOptions_ArgumentExceptionWithOneClearLine(string what, string message)
    {
        var o = what switch
        {
            "executors" => DemoText.Options(o => o with { Executors = 0 }),
            "runs" => DemoText.Options(o => o with { RunsPerVariant = 0 }),
            "cores" => DemoText.Options(o => o with { CoresPerExecutor = 0 }),
            "duration" => DemoText.Options(o => o with { BaseDuration = TimeSpan.Zero }),
            _ => DemoText.Options(o => o with { ScrapeInterval = TimeSpan.FromSeconds(-5) }),
        };
        var e = Assert.Throws<ArgumentException>(() => DemoGenerator.Generate(o));
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void WriteOpenMetrics_OnlyKubeStateMetrics_WritesOnlyThatFamily()
    {
        var text = DemoText.Write(DemoText.Options(o => o with { Families = DemoFamilies.KubeStateMetrics }));
        Assert.Equal(["kube_pod_labels"], DemoText.Samples(text).Select(l => l.Name).Distinct());
        Assert.Throws<ArgumentException>(() => DemoGenerator.Generate(DemoText.Options(o => o with { Families = DemoFamilies.None })));
    }

    [Fact]
    public void Manifest_RoundTrip_KeepsTruth()
    {
        var d = DemoGenerator.Generate(DemoText.Options());
        var m = DemoManifest.FromJson(DemoManifest.From(d).ToJson());
        Assert.True(m.Demo);
        Assert.Equal(6, m.Runs.Count);
        Assert.Equal(d.Runs.Select(r => r.AppId), m.Runs.Select(r => r.AppId));
        Assert.Equal(d.Runs[2].Phases, m.Runs[2].Phases);
        Assert.Equal(d.Runs[2].Pods, m.Runs[2].Pods);
        Assert.DoesNotMatch(new Regex("/(home|tmp|work)/"), DemoManifest.From(d).ToJson());
    }
}

internal static class PhaseExtensions
{
    public static TimeSpan Duration(this DemoPhase p) => p.End - p.Start;
}
