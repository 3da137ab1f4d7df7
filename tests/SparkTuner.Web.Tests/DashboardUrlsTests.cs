using Microsoft.AspNetCore.WebUtilities;
using SparkTuner.Core.Catalog;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests;

public class DashboardUrlsTests
{
    private static (CompareState? State, IReadOnlyList<string> Errors) RoundTrip(string url)
    {
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)
            .ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        return DashboardUrls.ParseCompare(query);
    }

    public static TheoryData<CompareState> States() => new()
    {
        new CompareState(["spark-a"], ["spark-b"]),
        new CompareState(["a", "b", "c"], ["d", "e", "f"], DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), DateTimeOffset.FromUnixTimeSeconds(1_790_086_400)),
        new CompareState(["a"], ["b"], Groups: ["memory", "gc"], Aggregation: ExecutorAggregation.Max, Layout: ChartLayout.SideBySide),
        new CompareState(["a"], ["b"], Aggregation: ExecutorAggregation.Each),
        new CompareState(["a"], ["b"], Aggregation: ExecutorAggregation.Mean),
        new CompareState(["id\"with\"quote-and\\backslash", "comma,inside", "100%", "%2C", "%%25,"], ["ünïcødé🚀", "a&b=c?d#e+f"]),
        new CompareState(["a", "b", "c"], ["d", "e"], Rest: new RunPair(2, 1)),
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Compare_EveryState_RoundTrips(CompareState state)
    {
        var url = DashboardUrls.Compare(state);
        var (parsed, errors) = RoundTrip(url);
        Assert.Empty(errors);
        Assert.NotNull(parsed);
        Assert.True(state.Equivalent(parsed!), $"{url} parsed differently");
    }

    [Fact]
    public void Compare_RestPair_OneBasedInUrlAndSwappedWithTheSides()
    {
        var state = new CompareState(["a", "b", "c"], ["d", "e"], Rest: new RunPair(2, 1));
        Assert.Equal("/compare?baseline=a,b,c&candidate=d,e&rest=3,2", DashboardUrls.Compare(state));
        Assert.Equal("/compare?baseline=d,e&candidate=a,b,c&rest=2,3", DashboardUrls.Compare(state.Swapped()));
        // The first run of each side is the default and is not written.
        Assert.Equal("/compare?baseline=a,b,c&candidate=d,e", DashboardUrls.Compare(state with { Rest = RunPair.First }));
    }

    [Fact]
    public void Compare_DefaultState_KeepsUrlShort()
    {
        Assert.Equal("/compare?baseline=a,b&candidate=c", DashboardUrls.Compare(new CompareState(["a", "b"], ["c"])));
    }

    [Theory]
    [InlineData("/compare", "No baseline run is named")]
    [InlineData("/compare?baseline=a", "No candidate run is named")]
    [InlineData("/compare?baseline=a&candidate=a", "on both sides")]
    [InlineData("/compare?baseline=a,b,a&candidate=c", "Run 'a' is listed 2 times in 'baseline'")]
    [InlineData("/compare?baseline=a&candidate=c,c,c", "Run 'c' is listed 3 times in 'candidate'")]
    [InlineData("/compare?baseline=a%20b&candidate=c", "'a b' is not a Spark application id")]
    [InlineData("/compare?baseline=a&candidate=b&agg=median", "'agg=median' is not an executor aggregation")]
    [InlineData("/compare?baseline=a&candidate=b&agg=7", "'agg=7' is not an executor aggregation")]
    [InlineData("/compare?baseline=a&candidate=b&layout=grid", "'layout=grid' is not a chart layout")]
    [InlineData("/compare?baseline=a&candidate=b&groups=memory,disk", "Unknown metric group(s) 'disk'")]
    [InlineData("/compare?baseline=a&candidate=b&from=yesterday", "'from=yesterday' is not a time")]
    [InlineData("/compare?baseline=a&candidate=b&from=2000&to=1000", "ends")]
    [InlineData("/compare?baseline=a&candidate=b&rest=2,1", "'rest=2,1' is not a pair of runs")]
    [InlineData("/compare?baseline=a,b&candidate=c&rest=0,1", "this link has 2 baseline and 1 candidate run(s)")]
    [InlineData("/compare?baseline=a,b&candidate=c&rest=2", "'rest=2' is not a pair")]
    [InlineData("/compare?baseline=a,b&candidate=c&rest=-1,1", "'rest=-1,1' is not a pair")]
    public void ParseCompare_BadLink_ExplainsWhatIsWrong(string url, string expected)
    {
        var (_, errors) = RoundTrip(url);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ParseCompare_MoreRunsThanTheCap_RefusedNamingTheSideAndTheSetting()
    {
        var query = new Dictionary<string, string?>
        {
            ["baseline"] = string.Join(',', Enumerable.Range(0, 4).Select(i => $"b{i}")),
            ["candidate"] = "c1,c2,c3",
        };

        var (state, errors) = DashboardUrls.ParseCompare(query, maxRunsPerSide: 3);

        Assert.Null(state);
        var error = Assert.Single(errors);
        Assert.Equal("'baseline' lists 4 runs; at most 3 per side can be compared (setting Runs:MaxRunsPerSide).", error);
    }

    [Fact]
    public void ParseCompare_AtTheCap_Accepted()
    {
        var (state, errors) = DashboardUrls.ParseCompare(new Dictionary<string, string?> { ["baseline"] = "b1,b2,b3", ["candidate"] = "c1" }, maxRunsPerSide: 3);

        Assert.Empty(errors);
        Assert.Equal(["b1", "b2", "b3"], state!.Baseline);
    }

    [Fact]
    public void ParseCompare_UnknownParameter_IgnoredSoSharedLinksWithTrackingParametersOpen()
    {
        var (state, errors) = RoundTrip("/compare?baseline=a&candidate=b&utm_source=chat&fbclid=x");

        Assert.Empty(errors);
        Assert.True(new CompareState(["a"], ["b"]).Equivalent(state!));
    }

    [Fact]
    public void RunSelection_SameQueryAsThePage_SameSides()
    {
        // A page link's query, escapes and all, names the same runs on /api/compare.
        var state = new CompareState(["comma,inside", "100%"], ["c"]);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + DashboardUrls.Compare(state)).Query);

        var sides = RunSelection.Parse(query["baseline"], query["candidate"], 20);

        Assert.Empty(sides.Errors);
        Assert.Equal(state.Baseline, sides.Baseline);
        Assert.Equal(state.Candidate, sides.Candidate);
    }

    [Fact]
    public void Runs_WithRange_UsesUnixSeconds()
    {
        Assert.Equal("/runs?from=100&to=200.5", DashboardUrls.Runs(DateTimeOffset.FromUnixTimeSeconds(100), DateTimeOffset.FromUnixTimeMilliseconds(200_500)));
    }
}
