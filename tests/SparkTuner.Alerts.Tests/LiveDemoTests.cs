using System.Text.RegularExpressions;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo;
using SparkTuner.TestSupport;

namespace SparkTuner.Alerts.Tests;

/// <summary>demo-live's endpoints: Spark's exact line formats, the run lifecycle, determinism, the injected failure.</summary>
public sealed partial class LiveDemoTests
{
    private static readonly DateTimeOffset Origin = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    private static LiveDemo Demo(long seed = 42) => new(new LiveDemoOptions { Seed = seed, Origin = Origin });

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(62.168, "62.168")]
    [InlineData(144 * 0.001, "0.14400000000000002")] // Scala's 144L * 0.001, as in the derived fixture
    [InlineData(1e-4, "1.0E-4")]
    [InlineData(0.001, "0.001")]
    [InlineData(2.5e9, "2.5E9")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(123456789.125, "1.23456789125E8")]
    [InlineData(double.NaN, "NaN")]
    public void JavaDouble_PrintsAsJavasDoubleToString(double value, string expected) => Assert.Equal(expected, LiveDemo.JavaDouble(value));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(12.345, "12.345")]
    [InlineData(123456.0, "123456")]
    [InlineData(1073741824.0, "1.073741824e+09")] // client_golang's 'g' form, as in process_resident_memory_bytes 2.1012224e+07
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-2.5e21, "-2.5e+21")]
    public void GoFloat_PrintsAsClientGolang(double value, string expected) => Assert.Equal(expected, LiveDemo.GoFloat(value));

    [GeneratedRegex("""^(container_[a-z_]+)\{(container="spark-kubernetes-(driver|executor)",id="/kubepods/burstable/pod[0-9a-f-]+/[0-9a-f]{64}",image="[^"]+",name="[0-9a-f]{64}"|id="/kubepods/burstable/pod[0-9a-f-]+",interface="eth0",name="[0-9a-f]{64}"),namespace="spark-demo",pod="([a-z0-9-]+)"\} ([0-9.e+-]+) ([0-9]{13})$""")]
    private static partial Regex CadvisorLine();

    [Fact]
    public void CadvisorAndKubeStateMetrics_ThePodsThatExist_WithTheBackfilledDemosNamesAndLabels()
    {
        var demo = Demo();
        var run = demo.PlanRun(0);
        var at = run.Pods[1].Start.AddMilliseconds(1); // the driver and executor 1 exist, executor 2 not yet
        var lines = demo.CadvisorEndpoint(at)!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(LiveDemo.DemoComment, lines[0]);
        var samples = lines.Where(l => !l.StartsWith('#')).Select(l => (Line: l, Match: CadvisorLine().Match(l))).ToList();
        Assert.All(samples, s => Assert.True(s.Match.Success, "not cAdvisor's line format: " + s.Line));
        Assert.All(samples, s => Assert.Equal(at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), s.Match.Groups[6].Value));
        Assert.Equal([run.Pods[0].Name, run.Pods[1].Name], samples.Select(s => s.Match.Groups[4].Value).Distinct().Order());
        Assert.Contains(lines, l => l == "# TYPE container_cpu_usage_seconds_total counter");

        var ksm = demo.KubeStateMetricsEndpoint(at)!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("# TYPE kube_pod_labels gauge", ksm);
        var driver = Assert.Single(ksm, l => l.Contains("label_spark_role=\"driver\"", StringComparison.Ordinal));
        Assert.Equal($"kube_pod_labels{{namespace=\"spark-demo\",pod=\"{run.Pods[0].Name}\",uid=\"{run.Pods[0].Uid}\",label_spark_app_name=\"cartesian-200k-noncached\",label_spark_app_selector=\"{run.AppId}\",label_spark_role=\"driver\"}} 1", driver);
        Assert.Single(ksm, l => l.Contains("label_spark_exec_id=\"1\"", StringComparison.Ordinal));

        // Family names and label names as the backfilled demo writes them (the catalog's kubernetes profile reads those).
        var om = new StringWriter();
        DemoGenerator.Generate(new DemoOptions { RunsPerVariant = 1, Families = DemoFamilies.Cadvisor | DemoFamilies.KubeStateMetrics, BaseDuration = TimeSpan.FromSeconds(60), End = Origin }).WriteOpenMetrics(om);
        static HashSet<string> Names(IEnumerable<string> text) => text.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('{')]).ToHashSet();
        Assert.Equal(Names(om.ToString().Split('\n')), Names(lines.Concat(ksm)));
        Assert.Null(demo.CadvisorEndpoint(run.End.AddSeconds(1)));
        Assert.Null(demo.KubeStateMetricsEndpoint(run.End.AddSeconds(1)));
    }

    [GeneratedRegex("""^(metrics_executor_[A-Za-z]+(?:_[a-z]+)*)\{application_id="([^"]+)", application_name="([^"]+)", executor_id="([^"]+)"\} (-?[0-9]+(?:\.[0-9]+(?:E-?[0-9]+)?)?)$""")]
    private static partial Regex ExecutorLine();

    [Fact]
    public void ExecutorsEndpoint_EachActiveExecutorPrintsSparksLinesInSparksOrder()
    {
        var demo = Demo();
        var run = demo.PlanRun(0);
        var at = run.Phases[2].Start.AddSeconds(5);
        var text = demo.ExecutorsEndpoint(at)!;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(LiveDemo.DemoComment, lines[0]);
        Assert.Equal("spark_info{version=\"3.5.1\", revision=\"fd86f85e181fc2dc0f50a096855acf83a6cc5d9c\"} 1.0", lines[1]);

        // The derived Spark 3.5 output's first block (the driver): names in PrometheusResource's order.
        var fixture = File.ReadAllLines(RepoPaths.Fixture("prometheus", "derived", "executors_prometheus_spark-3.5.derived.txt"))
            .Where(l => l.StartsWith("metrics_executor_", StringComparison.Ordinal)).ToList();
        var sparkOrder = fixture.Select(l => ExecutorLine().Match(l)).Where(m => m.Groups[4].Value == "driver").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sparkOrder);

        var matches = lines.Skip(2).Select(l => (Line: l, Match: ExecutorLine().Match(l))).ToList();
        Assert.All(matches, m => Assert.True(m.Match.Success, "not Spark's line format: " + m.Line));
        var blocks = matches.GroupBy(m => m.Match.Groups[4].Value).ToList();
        Assert.Equal(["driver", "1", "2", "3", "4"], blocks.Select(b => b.Key));
        foreach (var block in blocks)
        {
            Assert.Equal(sparkOrder, block.Select(m => m.Match.Groups[1].Value));
            Assert.All(block, m => Assert.Equal(run.AppId, m.Match.Groups[2].Value));
            Assert.All(block, m => Assert.Equal("cartesian-200k-noncached", m.Match.Groups[3].Value));
        }
    }

    [Fact]
    public void Lifecycle_ExecutorsRegisterOneByOne_NothingBetweenRuns_VariantsAlternate()
    {
        var demo = Demo();
        var first = demo.PlanRun(0);
        Assert.Null(demo.ExecutorsEndpoint(Origin.AddSeconds(-1)));
        var early = demo.ExecutorsEndpoint(Origin.AddMilliseconds(100))!;
        Assert.Contains("executor_id=\"driver\"", early, StringComparison.Ordinal);
        Assert.DoesNotContain("executor_id=\"1\"", early, StringComparison.Ordinal);

        var gap = first.End.AddSeconds(2);
        Assert.True(gap < Origin + demo.Options.Every);
        Assert.Null(demo.ExecutorsEndpoint(gap));
        Assert.Null(demo.ServletEndpoint(gap));
        Assert.Null(demo.Status(gap).Run);
        var (status, _, body) = DemoLiveServer.Answer(demo, "/metrics/executors/prometheus", gap);
        Assert.Equal(503, status);
        Assert.Contains("DEMO DATA", body, StringComparison.Ordinal);

        var second = demo.PlanRun(1);
        Assert.Equal(Origin + demo.Options.Every, second.Start);
        Assert.Equal(("noncached", "cached"), (first.Variant, second.Variant));
        Assert.NotEqual(first.AppId, second.AppId);
        Assert.Contains($"application_id=\"{second.AppId}\"", demo.ExecutorsEndpoint(second.Start.AddSeconds(1))!, StringComparison.Ordinal);
    }

    [Fact]
    public void SameSeedAndInstants_SameText_OtherSeed_OtherRuns()
    {
        var run = Demo().PlanRun(0);
        var instants = Enumerable.Range(0, 30).Select(i => run.Start.AddSeconds(5 * i)).ToList();
        var a = Demo();
        var b = Demo();
        foreach (var t in instants)
        {
            Assert.Equal(a.ExecutorsEndpoint(t), b.ExecutorsEndpoint(t));
            Assert.Equal(a.ServletEndpoint(t), b.ServletEndpoint(t));
        }
        Assert.NotEqual(run.AppId, Demo(seed: 7).PlanRun(0).AppId);
    }

    [Fact]
    public void FailedTasks_AppearOnExecutor1OfNonCachedRunsAtTheirGroupBy()
    {
        var demo = Demo();
        var run = demo.PlanRun(0);
        var at = demo.Status(run.Start.AddSeconds(1)).FailedTasksAt!.Value;
        Assert.Equal(run.Phases[2].Start, at);
        static string Failed(string text, string executor) =>
            text.Split('\n').Single(l => l.StartsWith("metrics_executor_failedTasks_total", StringComparison.Ordinal) && l.Contains($"executor_id=\"{executor}\"", StringComparison.Ordinal)).Split(' ')[^1];
        Assert.Equal("0", Failed(demo.ExecutorsEndpoint(at.AddMilliseconds(-1))!, "1"));
        Assert.Equal("2", Failed(demo.ExecutorsEndpoint(at)!, "1"));
        Assert.Equal("0", Failed(demo.ExecutorsEndpoint(at.AddSeconds(1))!, "2"));
        var cached = demo.PlanRun(1);
        Assert.Null(demo.Status(cached.Start.AddSeconds(1)).FailedTasksAt);
        Assert.Equal("0", Failed(demo.ExecutorsEndpoint(cached.End.AddSeconds(-1))!, "1"));
    }

    [Fact]
    public void ServletEndpoint_GaugesThenCounters_SortedByKey_WithTheBackfilledDemosNames()
    {
        var demo = Demo();
        var run = demo.PlanRun(0);
        var lines = demo.ServletEndpoint(run.Phases[1].Start.AddSeconds(3))!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var prefix = "metrics_cartesian_200k_noncached_driver_";
        Assert.All(lines, l => Assert.Matches("^" + prefix + """[A-Za-z0-9_]+_(Number|Value)\{type="gauges"\} [0-9.E-]+$|^""" + prefix + """[A-Za-z0-9_]+_Count\{type="counters"\} [0-9]+$""", l));
        int lastGauge = lines.FindLastIndex(l => l.Contains("gauges", StringComparison.Ordinal));
        int firstCounter = lines.FindIndex(l => l.Contains("counters", StringComparison.Ordinal));
        Assert.True(lastGauge < firstCounter);
        Assert.Contains(lines, l => l.StartsWith(prefix + "jvm_heap_usage_Value{type=\"gauges\"} 0.", StringComparison.Ordinal));

        // Same names as the backfilled demo writes for the servlet (what the catalog reads).
        var om = new StringWriter();
        DemoGenerator.Generate(new DemoOptions { RunsPerVariant = 1, Families = DemoFamilies.Servlet, BaseDuration = TimeSpan.FromSeconds(60), End = Origin }).WriteOpenMetrics(om);
        var backfilled = om.ToString().Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[..l.IndexOf('{')]).ToHashSet();
        Assert.Equal(backfilled, lines.Select(l => l[..l.IndexOf('{')]).ToHashSet());
    }

    [Fact]
    public void BadOptions_OneClearLine()
    {
        var e = Assert.Throws<ArgumentException>(() => new LiveDemo(new LiveDemoOptions { Origin = Origin, Every = TimeSpan.FromSeconds(60), Duration = TimeSpan.FromSeconds(150) }));
        Assert.Contains("every (60 s) must be longer than the run duration", e.Message, StringComparison.Ordinal);
    }
}
