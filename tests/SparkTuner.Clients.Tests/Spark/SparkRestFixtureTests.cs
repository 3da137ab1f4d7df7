using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Tests.Spark;

public sealed class SparkRestFixtureTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s, int ms) => new(y, mo, d, h, mi, s, ms, TimeSpan.Zero);

    [Fact]
    public async Task ListApplications_ApplicationListFixture_SixteenAppsTwoWithTwoAttempts()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var apps = await sp.Source().ListApplicationsAsync();

        Assert.Equal(16, apps.Count);
        Assert.Equal(["local-1430917381535", "local-1426533911241"], apps.Where(a => a.Attempts.Count == 2).Select(a => a.Id));
        Assert.Equal("local-1642039451826", apps[0].Id);
        Assert.Equal(Utc(2022, 1, 13, 2, 4, 10, 519), apps[0].Attempts[0].Start);
        Assert.Equal(TimeSpan.FromMilliseconds(86045), apps[0].Attempts[0].Duration);
        Assert.Equal("3.3.0-SNAPSHOT", apps[0].Attempts[0].SparkVersion);
    }

    [Fact]
    public async Task GetApplication_OneAppFixture_TimesParsedExactly()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var app = await sp.Source().GetApplicationAsync("local-1422981780767");

        var attempt = Assert.Single(app.Attempts);
        // File text: "startTime" : "2015-02-03T16:42:59.720GMT", "startTimeEpoch" : 1422981779720
        Assert.Equal(Utc(2015, 2, 3, 16, 42, 59, 720), attempt.Start);
        Assert.Equal(1422981779720, attempt.Start!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(Utc(2015, 2, 3, 16, 43, 8, 731), attempt.End);
        Assert.Equal(TimeSpan.Zero, attempt.Start.Value.Offset);
        Assert.Equal(TimeSpan.FromMilliseconds(9011), attempt.Duration);
        Assert.True(attempt.Completed);
        Assert.Null(attempt.AttemptId);
        Assert.Null(attempt.SparkVersion); // "" on the wire
        Assert.Equal("irashid", attempt.SparkUser);
    }

    [Fact]
    public async Task Stages_MultiAttemptApp_UsesLatestAttemptSegment()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var app = await sp.Source().GetApplicationAsync("local-1426533911241");
        var stages = await sp.Source().StagesAsync("local-1426533911241");
        await sp.Source().JobsAsync("local-1426533911241", attemptId: "1");

        Assert.Equal("2", app.LatestAttempt!.AttemptId);
        Assert.Equal(["2", "1"], app.Attempts.Select(a => a.AttemptId));
        Assert.NotEmpty(stages);
        Assert.Contains(server.Requests, u => u.AbsolutePath == "/api/v1/applications/local-1426533911241/2/stages" && u.Query.Contains("details=false"));
        Assert.Contains(server.Requests, u => u.AbsolutePath == "/api/v1/applications/local-1426533911241/1/jobs");
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("4.0")]
    public async Task Executors_WithExecutorMetricsFixture_PeakMetricsMapped(string version)
    {
        await using var server = SparkFixtureServer.Start(version);
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var executors = await sp.Source().ExecutorsAsync("application_1553914137147_0018");

        Assert.Equal(["driver", "3", "2", "1"], executors.Select(e => e.Id));
        var driver = executors[0];
        Assert.Equal(209883992, driver.PeakMetrics!.JvmHeapMemory);
        Assert.Equal(91926448, driver.PeakMetrics.JvmOffHeapMemory);
        Assert.Equal(7, driver.PeakMetrics.MinorGcCount);
        Assert.Equal(TimeSpan.FromMilliseconds(144), driver.PeakMetrics.MajorGcTime);
        Assert.Equal(526491648, driver.PeakMetrics.ProcessTreeJvmRssMemory);
        Assert.Equal(956615884, driver.MaxMemory);
        Assert.Equal(TimeSpan.FromMilliseconds(62168), driver.TotalTaskTime);
        Assert.Equal(Utc(2019, 4, 8, 20, 39, 49, 747), driver.AddTime);
        Assert.Equal(956615884, driver.StorageMemory!.TotalOnHeapStorageMemory);
        Assert.Equal(984736560, executors[3].PeakMetrics!.JvmHeapMemory);
        Assert.Equal(TimeSpan.FromMilliseconds(151), executors[1].TotalGcTime);
        Assert.Equal(2500050000, executors[1].TotalInputBytes);
        if (version == "4.0")
        {
            Assert.Equal(0, driver.PeakMetrics.ConcurrentGcCount);
            Assert.Equal(TimeSpan.Zero, driver.PeakMetrics.ConcurrentGcTime);
        }
        else
        {
            Assert.Null(driver.PeakMetrics.ConcurrentGcCount);
        }
    }

    [Fact]
    public async Task Executors_DriverOnlyFixture_ZeroPeakMetricsKeptAsZero()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var executor = Assert.Single(await sp.Source().ExecutorsAsync("local-1422981780767"));

        Assert.Equal("driver", executor.Id);
        // The file does carry peakMemoryMetrics, all zero (the README's "no peakMemoryMetrics" is inexact).
        Assert.Equal(0, executor.PeakMetrics!.JvmHeapMemory);
        Assert.Null(executor.PeakMetrics.ConcurrentGcCount); // absent key → null, not 0
        Assert.Null(executor.RemoveTime);
    }

    [Fact]
    public async Task Executors_MemoryUsageAndResourceFixtures_Deserialise()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var memory = await sp.Source().ExecutorsAsync("app-20161116163331-0000");
        var resources = await sp.Source().ExecutorsAsync("application_1555004656427_0144");

        Assert.Equal(4, memory.Count(e => e.IsExcluded == true));
        Assert.All(memory, e => Assert.Equal(384093388, e.StorageMemory!.TotalOnHeapStorageMemory));
        Assert.Equal(["driver", "2", "1"], resources.Select(e => e.Id));
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("4.0")]
    public async Task Stages_PeakMetricsFixture_NanosecondsAndMillisecondsNormalised(string version)
    {
        await using var server = SparkFixtureServer.Start(version);
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var stages = await sp.Source().StagesAsync("app-20200706201101-0003");

        var stage2 = stages.Single(s => s.StageId == 2);
        Assert.Equal(8.810338, stage2.ExecutorCpuTime!.Value.TotalSeconds, 9); // 8810338000 ns
        Assert.Equal(25.579, stage2.ExecutorRunTime!.Value.TotalSeconds, 9);  // 25579 ms
        Assert.Equal(TimeSpan.FromMilliseconds(1010), stage2.JvmGcTime);
        Assert.Equal(Utc(2020, 7, 7, 3, 11, 21, 40), stage2.SubmissionTime);
        Assert.Equal(TimeSpan.FromMilliseconds(2004), stage2.Duration);
        Assert.Equal(213367864, stage2.PeakExecutorMetrics!.JvmHeapMemory);
        Assert.Equal("foreach at <console>:26", stage2.Name);
        Assert.Equal(0.426449, stages.Single(s => s.StageId == 1).ExecutorCpuTime!.Value.TotalSeconds, 9);
        Assert.Equal(version == "4.0", stage2.PeakExecutorMetrics.ConcurrentGcCount is not null);
    }

    [Fact]
    public async Task Stages_StageListFixture_FailedStageAndDurations()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var stages = await sp.Source().StagesAsync("local-1422981780767");

        Assert.Equal([3, 2, 1, 0], stages.Select(s => s.StageId));
        Assert.Equal(TimeSpan.FromMilliseconds(35), stages[0].Duration);
        Assert.Equal(160, stages[0].InputBytes);
        var failed = stages.Single(s => s.Status == "FAILED");
        Assert.StartsWith("Job aborted due to stage failure", failed.FailureReason);
    }

    [Fact]
    public async Task StageMatcher_StageListFixtureAgainstItself_AllMatchedRipZero()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var stages = await sp.Source().StagesAsync("local-1422981780767");
        var jobs = await sp.Source().JobsAsync("local-1422981780767");

        var result = StageMatcher.Match(stages, stages, jobs, jobs);

        Assert.Equal(4, result.Pairs.Count);
        Assert.Empty(result.OnlyInBaseline);
        Assert.Empty(result.OnlyInCandidate);
        Assert.All(result.Pairs, p => Assert.Equal(p.Baseline.StageId, p.Candidate.StageId));
        Assert.All(result.Pairs.SelectMany(p => p.Metrics), m => Assert.Equal(0, m.Rip));
    }

    [Fact]
    public async Task Jobs_JobListFixture_StageIdsAndStatus()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var jobs = await sp.Source().JobsAsync("local-1422981780767");
        var one = await sp.Api().GetJobAsync("local-1422981780767", 0);

        Assert.Equal([2, 1, 0], jobs.Select(j => j.JobId));
        Assert.Equal([1, 2], jobs[1].StageIds);
        Assert.Equal("FAILED", jobs[1].Status);
        Assert.Null(jobs[0].SubmissionTime); // omitted in the file → null, not a default date
        Assert.Equal(0, one.JobId);
    }

    [Fact]
    public async Task Environment_AppEnvironmentFixture_SparkPropertiesPairs()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var env = await sp.Source().EnvironmentAsync("app-20161116163331-0000");
        var profiles = await sp.Source().EnvironmentAsync("application_1578436911597_0052");

        Assert.Equal(new KeyValuePair<string, string>("spark.app.id", "app-20161116163331-0000"), env.SparkProperties[0]);
        Assert.Equal("Spark shell", env.SparkPropertyMap()["spark.app.name"]);
        Assert.Equal("2", env.SparkPropertyMap()["spark.blacklist.application.maxFailedExecutorsPerNode"]);
        Assert.Equal("1.8.0_92 (Oracle Corporation)", env.JavaVersion);
        Assert.Equal("version 2.11.8", env.ScalaVersion);
        Assert.NotEmpty(env.SystemProperties);
        Assert.Empty(profiles.SparkProperties);
        Assert.Equal("version 2.12.10", profiles.ScalaVersion);
    }

    [Fact]
    public async Task Storage_RddFixtures_EmptyListAndOneRddFields()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);

        var list = await sp.Source().StorageRddsAsync("local-1422981780767");
        var rdd = SparkTuner.Clients.Spark.SparkRestMapper.Rdd(await sp.Api().GetStorageRddAsync("local-1422981780767", 0));

        Assert.Empty(list);
        Assert.Equal(new SparkRddStorage(0, "0", 8, 0, "Memory Deserialized 1x Replicated", 0, 0), rdd);
    }

    [Fact]
    public async Task RawApi_RemainingFixtures_Deserialise()
    {
        await using var server = SparkFixtureServer.Start();
        using var sp = SparkFixtureServer.Services(server.BaseUrl);
        var api = sp.Api();

        var withSummaries = await api.GetStageAttemptAsync("app-20200706201101-0003", 2, 0, withSummaries: true);
        var taskSummary = await api.GetTaskSummaryAsync("local-1430917381534", 1, 0);
        var misc = Assert.Single(await api.GetMiscellaneousProcessesAsync("application_1555004656427_0144"));

        Assert.Equal(8810338000, withSummaries.ExecutorCpuTime);
        Assert.Equal([0.05, 0.25, 0.5, 0.75, 0.95], taskSummary.Quantiles!);
        Assert.Equal([30.0, 74.0, 75.0, 76.0, 79.0], taskSummary.ExecutorRunTime!);
        Assert.Equal("yarn-am", misc.Id);
        Assert.Equal(Utc(2021, 4, 19, 15, 35, 50, 218), misc.AddTime);
    }
}
