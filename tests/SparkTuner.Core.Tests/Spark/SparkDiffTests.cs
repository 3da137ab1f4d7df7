using SparkTuner.Core.Spark;

namespace SparkTuner.Core.Tests.Spark;

public sealed class StageMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static SparkStage Stage(int id, string name, double seconds, long shuffleWrite = 0, long spill = 0, int attempt = 0) => new()
    {
        StageId = id, AttemptId = attempt, Status = "COMPLETE", Name = name,
        SubmissionTime = T0, CompletionTime = T0.AddSeconds(seconds),
        ExecutorRunTime = TimeSpan.FromSeconds(seconds * 4), ExecutorCpuTime = TimeSpan.FromSeconds(seconds * 3),
        JvmGcTime = TimeSpan.FromSeconds(seconds / 10), ShuffleReadBytes = 0, ShuffleWriteBytes = shuffleWrite,
        MemoryBytesSpilled = spill, DiskBytesSpilled = spill / 2,
    };

    private static SparkJob Job(int id, params int[] stages) => new() { JobId = id, Name = $"job {id}", Status = "SUCCEEDED", StageIds = stages };

    [Fact]
    public void Match_SameNamesDifferentIds_PairsByJobNameAndOrder()
    {
        SparkStage[] b = [Stage(0, "read", 10), Stage(1, "agg", 20), Stage(2, "agg", 5)];
        SparkStage[] c = [Stage(7, "read", 10), Stage(8, "agg", 8), Stage(9, "agg", 5)];

        var result = StageMatcher.Match(b, c, [Job(0, 0, 1, 2)], [Job(3, 7, 8, 9)]);

        Assert.Equal(3, result.Pairs.Count);
        var first = result.Pairs[0];
        Assert.Equal((1, 8), (first.Baseline.StageId, first.Candidate.StageId)); // largest |Δduration| first
        Assert.Equal(new StageMatchKey(0, "agg", 0), first.Key);
        Assert.Equal(-12, first.DurationDifferenceSeconds!.Value, 9);
        Assert.Equal((20 - 8) / 20.0, first.Metric(StageMetricNames.Duration).Rip!.Value, 9);
        Assert.Contains(result.Pairs, p => p.Baseline.StageId == 2 && p.Candidate.StageId == 9);
    }

    [Fact]
    public void Match_ExtraStages_ReportedUnmatchedOnEachSide()
    {
        SparkStage[] b = [Stage(0, "read", 1), Stage(1, "shuffle", 2)];
        SparkStage[] c = [Stage(0, "read", 1), Stage(1, "cache", 2), Stage(2, "cache", 1)];

        var result = StageMatcher.Match(b, c);

        Assert.Single(result.Pairs);
        Assert.Equal("shuffle", Assert.Single(result.OnlyInBaseline).Name);
        Assert.Equal([1, 2], result.OnlyInCandidate.Select(s => s.StageId));
    }

    [Fact]
    public void Match_DifferentJobs_NotPairedAcrossJobs()
    {
        SparkStage[] b = [Stage(0, "count", 1), Stage(1, "count", 1)];
        SparkStage[] c = [Stage(0, "count", 1)];

        var result = StageMatcher.Match(b, c, [Job(0, 0), Job(1, 1)], [Job(0), Job(1, 0)]);

        var pair = Assert.Single(result.Pairs);
        Assert.Equal(1, pair.Baseline.StageId);
        Assert.Equal(0, Assert.Single(result.OnlyInBaseline).StageId);
    }

    [Fact]
    public void Match_RetriedStage_LastAttemptCompared()
    {
        SparkStage[] b = [Stage(0, "x", 9, attempt: 0), Stage(0, "x", 3, attempt: 1)];
        SparkStage[] c = [Stage(0, "x", 3)];

        var pair = Assert.Single(StageMatcher.Match(b, c).Pairs);

        Assert.Equal(1, pair.Baseline.AttemptId);
        Assert.Equal(0, pair.Metric(StageMetricNames.Duration).Rip);
    }

    [Fact]
    public void Rip_ZeroAndWorseAndMissing_FormulaAndNulls()
    {
        var b = Stage(0, "x", 10, shuffleWrite: 0, spill: 100) with { ShuffleReadBytes = null };
        var c = Stage(0, "x", 20, shuffleWrite: 0, spill: 0);

        var pair = Assert.Single(StageMatcher.Match([b], [c]).Pairs);

        Assert.Equal(-0.5, pair.Metric(StageMetricNames.Duration).Rip!.Value, 9);     // worse: (10−20)/20
        Assert.Equal(0, pair.Metric(StageMetricNames.ShuffleWrite).Rip);              // B = C = 0 → 0
        Assert.Equal(1, pair.Metric(StageMetricNames.MemorySpilled).Rip!.Value, 9);   // spill gone
        Assert.Null(pair.Metric(StageMetricNames.ShuffleRead).Rip);                   // omitted → null, not 0
        Assert.Null(pair.Metric(StageMetricNames.ShuffleRead).Difference);
        Assert.Equal(40, pair.Metric(StageMetricNames.ExecutorRunTime).Difference!.Value, 9);      // 80 s − 40 s
    }
}

public sealed class PlanDiffTests
{
    private const string Uncached = """
        == Physical Plan ==
        AdaptiveSparkPlan (6)
        +- HashAggregate (5)
           +- Exchange (4)
              +- HashAggregate (3)
                 +- * Project (2)
                    +- Scan parquet default.sales (1)


        (1) Scan parquet default.sales
        Output [2]: [id#12L, amount#13]
        """;

    private const string Cached = """
        == Physical Plan ==
        AdaptiveSparkPlan (8)
        +- HashAggregate (7)
           +- Exchange (6)
              +- HashAggregate (5)
                 +- InMemoryTableScan (1)
                       +- InMemoryRelation (2)
                             +- * Project (4)
                                +- Scan parquet default.sales (3)


        (1) InMemoryTableScan
        Output [2]: [id#40L, amount#41]
        """;

    [Fact]
    public void Compare_CachedVersusUncached_InMemoryNodesOnlyInCandidate()
    {
        var diff = PlanDiff.Compare(Uncached, Cached);

        Assert.Equal(["InMemoryRelation", "InMemoryTableScan"], diff.NodesOnlyInCandidate);
        Assert.Empty(diff.NodesOnlyInBaseline);
        Assert.Equal(["InMemoryTableScan", "InMemoryRelation"], diff.Lines.Where(l => l.Kind == PlanLineKind.OnlyInCandidate).Select(l => l.Text));
        Assert.Contains(diff.Lines, l => l is { Kind: PlanLineKind.Both, Text: "Scan parquet default.sales" });
        Assert.DoesNotContain(diff.Lines, l => l.Text.StartsWith("Output", StringComparison.Ordinal)); // detail sections skipped
        Assert.False(diff.IsIdentical);

        // Each side keeps Spark's tree drawing for display: the shared scan sits two levels deeper under the cache.
        var scan = Assert.Single(diff.Lines, l => l.Text == "Scan parquet default.sales");
        Assert.Equal(new string(' ', 12) + "+- ", scan.BaselineTree);
        Assert.Equal(new string(' ', 24) + "+- ", scan.CandidateTree);
        var tableScan = Assert.Single(diff.Lines, l => l.Text == "InMemoryTableScan");
        Assert.Equal(new string(' ', 9) + "+- ", tableScan.CandidateTree);
        Assert.Equal("", tableScan.BaselineTree);
        Assert.Equal("", diff.Lines[0].BaselineTree); // AdaptiveSparkPlan, the root
    }

    [Fact]
    public void Compare_SamePlanDifferentIds_Identical()
    {
        var other = Uncached.Replace("#12L", "#99L", StringComparison.Ordinal).Replace("(6)", "(16)", StringComparison.Ordinal);

        Assert.True(PlanDiff.Compare(Uncached, other).IsIdentical);
    }

    [Theory]
    [InlineData("   :  +- *(2) HashAggregate(keys=[id#5L], functions=[sum(x#7)])", "HashAggregate(keys=[id], functions=[sum(x)])")]
    [InlineData("+- Exchange hashpartitioning(id#5L, 200), ENSURE_REQUIREMENTS, [plan_id=31]", "Exchange hashpartitioning(id, 200), ENSURE_REQUIREMENTS,")]
    [InlineData("WholeStageCodegen (3)", "WholeStageCodegen")]
    public void NormaliseLine_TreeCodegenAndIds_Removed(string line, string expected) =>
        Assert.Equal(expected, PlanDiff.NormaliseLine(line));

    [Fact]
    public void Compare_ExecutionsWithPlanGraphs_NodeNamesCountedPerSide()
    {
        static SparkSqlExecution E(params string[] nodes) =>
            new() { Id = 1, Status = "COMPLETED", Description = "q", Nodes = nodes.Select((n, i) => new SqlPlanNode(i, n, null, [])).ToList() };

        var diff = PlanDiff.Compare(E("WholeStageCodegen (1)", "Exchange", "Scan parquet default.t"),
            E("WholeStageCodegen (1)", "WholeStageCodegen (2)", "Exchange", "InMemoryTableScan"));

        Assert.Equal(["Scan parquet"], diff.NodesOnlyInBaseline);
        Assert.Equal(["InMemoryTableScan"], diff.NodesOnlyInCandidate);
        Assert.Equal(new PlanNodeCount("WholeStageCodegen", 1, 2), diff.Nodes.Single(n => n.NodeName == "WholeStageCodegen"));
    }

    [Fact]
    public void MatchExecutions_ByDescriptionAndOrder_PairsAndLeftovers()
    {
        static SparkSqlExecution E(long id, string d) => new() { Id = id, Status = "COMPLETED", Description = d };
        SparkSqlExecution[] b = [E(0, "count"), E(1, "show"), E(2, "count")];
        SparkSqlExecution[] c = [E(5, "count"), E(6, "cache"), E(7, "count"), E(8, "count")];

        var match = PlanDiff.MatchExecutions(b, c);

        Assert.Equal([(0L, 5L), (2L, 7L)], match.Pairs.Select(p => (p.Baseline.Id, p.Candidate.Id)));
        Assert.Equal([1L], match.OnlyInBaseline.Select(e => e.Id));
        Assert.Equal([6L, 8L], match.OnlyInCandidate.Select(e => e.Id));
    }
}

public sealed class ConfigDiffTests
{
    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    [Fact]
    public void Compare_DifferentOnlyAndVolatile_ImportantFirstVolatileHidden()
    {
        KeyValuePair<string, string>[] b = [P("spark.app.id", "app-1"), P("spark.driver.port", "4001"), P("spark.zzz", "1"),
            P("spark.executor.memory", "2g"), P("spark.sql.shuffle.partitions", "200"), P("spark.only.b", "x"), P("spark.same", "s")];
        KeyValuePair<string, string>[] c = [P("spark.app.id", "app-2"), P("spark.driver.port", "4002"), P("spark.zzz", "2"),
            P("spark.executor.memory", "4g"), P("spark.sql.shuffle.partitions", "200"), P("spark.only.c", "y"), P("spark.same", "s")];

        var diff = ConfigDiff.Compare(b, c);

        Assert.Equal(["spark.executor.memory", "spark.only.b", "spark.only.c", "spark.zzz"], diff.Select(d => d.Key));
        Assert.True(diff[0].IsImportant);
        Assert.Equal(ConfigDiffKind.Different, diff[0].Kind);
        Assert.Equal(ConfigDiffKind.OnlyInBaseline, diff[1].Kind);
        Assert.Null(diff[2].Baseline);
    }

    [Fact]
    public void Compare_IncludeEqualAndVolatile_AllKeysEqualFlagged()
    {
        KeyValuePair<string, string>[] b = [P("spark.app.id", "a"), P("spark.sql.shuffle.partitions", "200"), P("spark.same", "s")];
        KeyValuePair<string, string>[] c = [P("spark.app.id", "b"), P("spark.sql.shuffle.partitions", "200"), P("spark.same", "s")];

        var diff = ConfigDiff.Compare(b, c, includeEqual: true, includeVolatile: true);

        Assert.Equal(["spark.sql.shuffle.partitions", "spark.app.id", "spark.same"], diff.Select(d => d.Key));
        Assert.True(diff[0].IsEqual);
        Assert.False(diff[1].IsEqual);
    }

    [Theory]
    [InlineData("spark.app.startTime", true)]
    [InlineData("spark.kubernetes.driver.pod.name", true)]
    [InlineData("spark.org.apache.hadoop.yarn.server.webproxy.amfilter.AmIpFilter.param.PROXY_HOSTS", true)]
    [InlineData("spark.executor.memory", false)]
    public void IsVolatile_Keys_Classified(string key, bool expected) => Assert.Equal(expected, ConfigDiff.IsVolatile(key));
}

public sealed class CachedDataSummaryTests
{
    [Fact]
    public void From_RddsWithSharedName_GroupedLargestFirstWithTotals()
    {
        SparkRddStorage[] rdds =
        [
            new(1, "small", 4, 4, "Memory Deserialized 1x Replicated", 100, 0),
            new(2, "sales", 10, 5, "Disk Memory Deserialized 1x Replicated", 1000, 500),
            new(3, "sales", 10, 10, "Disk Memory Deserialized 1x Replicated", 2000, 0),
        ];

        var s = CachedDataSummary.From(rdds);

        Assert.Equal(["sales", "small"], s.Datasets.Select(d => d.Name));
        var sales = s.Datasets[0];
        Assert.Equal([2, 3], sales.RddIds);
        Assert.Equal((15, 20, 3000L, 500L), (sales.CachedPartitions, sales.TotalPartitions, sales.MemoryUsed, sales.DiskUsed));
        Assert.Equal((3100L, 500L, 19, 24), (s.TotalMemoryUsed, s.TotalDiskUsed, s.TotalCachedPartitions, s.TotalPartitions));
    }

    [Fact]
    public void From_EmptyList_EmptyWithZeroTotals()
    {
        var s = CachedDataSummary.From([]);

        Assert.True(s.IsEmpty);
        Assert.Equal(0, s.TotalMemoryUsed);
    }
}
