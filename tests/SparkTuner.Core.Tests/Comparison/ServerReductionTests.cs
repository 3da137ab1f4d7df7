using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Series;

namespace SparkTuner.Core.Tests.Comparison;

public sealed class ServerReductionTests
{
    private static readonly DateTimeOffset S = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
    private static readonly DateTimeOffset E = S.AddSeconds(600);
    private static readonly ReductionWindow Window = new("app-1", "m{application_id=\"app-1\"}", S, E);

    private static InstantSample Part(string part, double value, string executor = "1", int run = 0) =>
        new(new Dictionary<string, string>
        {
            ["executor_id"] = executor,
            [ServerReduction.PartLabel] = part,
            [ServerReduction.RunLabel] = run.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, 0, value);

    private static RunReduction Read(ReductionKind kind, params InstantSample[] answer) =>
        ServerReduction.Read(kind, [Window], answer, ["executor_id"], SeriesIdentity.DefaultCopyLabels)["app-1"];

    [Fact]
    public void Query_Counter_WindowsInMillisecondsWithAt()
    {
        var q = ServerReduction.Query(ReductionKind.CounterTotal, [Window], TimeSpan.FromSeconds(15));

        // Whole read [S-15 s, E+15 s] for finiteness; closing zone [E+2 ms, E+15 s]; used [S-1 ms, E+15 s]; there [S-15 s, S+1 ms]; before [S-15 s, S-2 ms].
        Assert.Contains("sum_over_time(m{application_id=\"app-1\"}[630000ms] @ 1700000615.123)", q);
        Assert.Contains("count_over_time(m{application_id=\"app-1\"}[14998ms] @ 1700000615.123)", q);
        Assert.Contains("resets(m{application_id=\"app-1\"}[615001ms] @ 1700000615.123)", q);
        Assert.Contains("count_over_time(m{application_id=\"app-1\"}[15001ms] @ 1700000000.124)", q);
        Assert.Contains("last_over_time(m{application_id=\"app-1\"}[14998ms] @ 1700000000.121)", q);
        Assert.Equal(7, q.Split(" or ").Length);
        Assert.Contains("\"sparktuner_part\", \"before\"", q);
    }

    [Fact]
    public void Query_GaugePeak_InsideTheRunOnly()
    {
        var q = ServerReduction.Query(ReductionKind.GaugePeak, [Window, Window with { Key = "app-2" }], TimeSpan.FromSeconds(15));

        Assert.Contains("max_over_time(m{application_id=\"app-1\"}[600002ms] @ 1700000600.124)", q);
        Assert.Equal(4, q.Split(" or ").Length);
        Assert.Contains("\"sparktuner_run\", \"1\"", q);
    }

    [Fact]
    public void Read_CounterThereAtStart_LastMinusMin()
    {
        var r = Read(ReductionKind.CounterTotal, Part("fin", 1e4), Part("last", 900), Part("min", 100), Part("there", 1), Part("before", 90));

        Assert.Null(r.Fallback);
        Assert.Equal(800, Assert.Single(r.Series!).Values[0]);
    }

    [Theory]
    [InlineData(false, 50, 900)] // born during the run: from zero
    [InlineData(true, 500, 900)] // restarted just before it (its first value is below the last one before): from zero
    [InlineData(true, 50, 800)] // there and not restarted
    public void Read_CounterBornOrRestarted_FromZero(bool there, double before, double expected)
    {
        var parts = new List<InstantSample> { Part("fin", 1e4), Part("last", 900), Part("min", 100), Part("before", before) };
        if (there) parts.Add(Part("there", 2));

        Assert.Equal(expected, Assert.Single(Read(ReductionKind.CounterTotal, [.. parts]).Series!).Values[0]);
    }

    [Theory]
    [InlineData("fin", double.NaN, "NaN")]
    [InlineData("fin", double.PositiveInfinity, "NaN")]
    [InlineData("resets", 1, "reset")]
    [InlineData("ncl", 2, "after the end")]
    public void Read_NotExact_FallsBack(string part, double value, string why)
    {
        var parts = new List<InstantSample> { Part("last", 900), Part("min", 100), Part("there", 1) };
        if (part != "fin") parts.Add(Part("fin", 1e4));
        parts.Add(Part(part, value));

        var r = Read(ReductionKind.CounterTotal, [.. parts]);

        Assert.Null(r.Series);
        Assert.Contains(why, r.Fallback);
    }

    [Fact]
    public void Read_TwoCopiesOfOneSeries_FallsBack()
    {
        var a = Part("max", 5) with { Labels = new Dictionary<string, string>(Part("max", 5).Labels) { ["prometheus_replica"] = "a" } };
        var b = Part("max", 5) with { Labels = new Dictionary<string, string>(Part("max", 5).Labels) { ["prometheus_replica"] = "b" } };
        var fa = a with { Labels = new Dictionary<string, string>(a.Labels) { [ServerReduction.PartLabel] = "fin" } };
        var fb = b with { Labels = new Dictionary<string, string>(b.Labels) { [ServerReduction.PartLabel] = "fin" } };

        Assert.Contains("copies", Read(ReductionKind.RunningPeak, a, b, fa, fb).Fallback);
    }

    [Fact]
    public void Read_NoSeries_FallsBackAndUnusedSeriesKeptWithoutValue()
    {
        Assert.Equal("no series", Read(ReductionKind.RunningPeak).Fallback);

        var r = Read(ReductionKind.RunningPeak, Part("fin", 3), Part("fin", 4, "2"), Part("max", 7, "2"));
        Assert.Equal(2, r.Series!.Count);
        Assert.Equal(0, r.Series.Single(s => s.Label("executor_id") == "1").Count);
        Assert.Equal(7, r.Series.Single(s => s.Label("executor_id") == "2").Values[0]);
        Assert.DoesNotContain(r.Series, s => s.Labels.ContainsKey(ServerReduction.PartLabel) || s.Labels.ContainsKey(ServerReduction.RunLabel));
    }

    [Theory]
    [InlineData(ReductionKind.CounterTotal, Statistic.Increase, ExecutorAggregation.Sum, true)]
    [InlineData(ReductionKind.CounterTotal, Statistic.Mean, ExecutorAggregation.Mean, true)]
    [InlineData(ReductionKind.CounterTotal, Statistic.Peak, ExecutorAggregation.Max, false)]
    [InlineData(ReductionKind.RunningPeak, Statistic.Peak, ExecutorAggregation.Sum, true)]
    [InlineData(ReductionKind.GaugePeak, Statistic.Peak, ExecutorAggregation.Max, true)]
    [InlineData(ReductionKind.GaugePeak, Statistic.Peak, ExecutorAggregation.Sum, false)]
    [InlineData(ReductionKind.GaugePeak, Statistic.Mean, ExecutorAggregation.Max, false)]
    public void Serves_OnlyStatisticsTheValuesDetermine(ReductionKind kind, Statistic statistic, ExecutorAggregation aggregation, bool serves) =>
        Assert.Equal(serves, ServerReduction.Serves(kind, [(statistic, aggregation)]));
}
