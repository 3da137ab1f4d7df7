using System.Globalization;
using System.Text.Json;
using SparkTuner.Demo;
using SparkTuner.Demo.Rest;

namespace SparkTuner.Demo.Tests.Rest;

public sealed class DemoRestApiTests
{
    private static readonly DemoDataset Dataset = DemoGenerator.Generate(new DemoOptions { End = new DateTimeOffset(2024, 6, 11, 10, 0, 0, TimeSpan.Zero) });
    private static readonly DemoRestApi Api = DemoRestApi.From(Dataset);

    private static JsonElement Get(string path, string? query = null)
    {
        var r = Api.Get(path, query);
        Assert.Equal(200, r.StatusCode);
        return JsonDocument.Parse(r.Json).RootElement;
    }

    private static DateTimeOffset Date(JsonElement e) =>
        DateTimeOffset.ParseExact(e.GetString()!, DemoRestApi.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Applications_DemoDataset_SameIdsStartEndToTheMillisecond()
    {
        var apps = Get("/api/v1/applications");

        Assert.Equal(Dataset.Runs.Select(r => r.AppId), apps.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        foreach (var run in Dataset.Runs)
        {
            var attempt = Get($"/api/v1/applications/{run.AppId}").GetProperty("attempts")[0];
            Assert.Equal(run.Start, Date(attempt.GetProperty("startTime")));
            Assert.Equal(run.End, Date(attempt.GetProperty("endTime")));
            Assert.Equal((long)run.Duration.TotalMilliseconds, attempt.GetProperty("duration").GetInt64());
            Assert.True(attempt.GetProperty("completed").GetBoolean());
            Assert.False(attempt.TryGetProperty("attemptId", out _));
            Assert.Equal("3.5.1", attempt.GetProperty("appSparkVersion").GetString());
        }
    }

    [Fact]
    public void Executors_EveryRun_DriverPlusConfiguredExecutors()
    {
        foreach (var run in Dataset.Runs)
        {
            var executors = Get($"/api/v1/applications/{run.AppId}/executors").EnumerateArray().ToList();
            Assert.Equal(run.Executors + 1, executors.Count);
            Assert.Equal("driver", executors[0].GetProperty("id").GetString());
            Assert.All(executors.Skip(1), e => Assert.Equal(run.CoresPerExecutor, e.GetProperty("totalCores").GetInt32()));
            Assert.All(executors.Skip(1), e => Assert.True(e.GetProperty("totalDuration").GetInt64() > 0));
        }
    }

    [Fact]
    public void Stages_EveryRun_InsideTheWorkPhasesAndCompleted()
    {
        foreach (var run in Dataset.Runs)
        {
            var stages = Get($"/api/v1/applications/{run.AppId}/stages").EnumerateArray().ToList();
            Assert.Equal(6, stages.Count);
            foreach (var s in stages)
            {
                Assert.Equal("COMPLETE", s.GetProperty("status").GetString());
                Assert.InRange(Date(s.GetProperty("submissionTime")), run.Phases[1].Start, run.Phases[3].End);
                Assert.InRange(Date(s.GetProperty("completionTime")), run.Phases[1].Start, run.Phases[3].End);
            }
        }
    }

    [Fact]
    public void Stages_CachedVersusNonCached_CartesianStageFasterWhenCached()
    {
        static long CartesianRunTime(DemoRun run) => Get($"/api/v1/applications/{run.AppId}/stages").EnumerateArray()
            .Single(s => s.GetProperty("stageId").GetInt32() == 4).GetProperty("executorRunTime").GetInt64();
        var noncached = Dataset.Runs.First(r => !r.IsCached);
        var cached = Dataset.Runs.First(r => r.IsCached);

        Assert.True(CartesianRunTime(cached) < CartesianRunTime(noncached));
    }

    [Fact]
    public void StorageAndSql_CachedRun_InMemoryTableScanAndMemoryUsed()
    {
        var run = Dataset.Runs.First(r => r.IsCached);

        var rdds = Get($"/api/v1/applications/{run.AppId}/storage/rdd").EnumerateArray().ToList();
        var plans = Get($"/api/v1/applications/{run.AppId}/sql").EnumerateArray().Select(e => e.GetProperty("planDescription").GetString()!).ToList();

        Assert.Equal(2, rdds.Count);
        Assert.All(rdds, r => Assert.True(r.GetProperty("memoryUsed").GetInt64() > 0));
        Assert.All(rdds, r => Assert.Equal(0, r.GetProperty("diskUsed").GetInt64()));
        var executorsStorage = Get($"/api/v1/applications/{run.AppId}/executors").EnumerateArray().Skip(1).Sum(e => e.GetProperty("memoryUsed").GetInt64());
        Assert.Equal(executorsStorage, rdds.Sum(r => r.GetProperty("memoryUsed").GetInt64()));
        Assert.Contains(plans, p => p.Contains("InMemoryTableScan", StringComparison.Ordinal) && p.Contains("InMemoryRelation", StringComparison.Ordinal));
    }

    [Fact]
    public void StorageAndSql_NonCachedRun_NothingCachedNoInMemoryScan()
    {
        var run = Dataset.Runs.First(r => !r.IsCached);

        var rdds = Get($"/api/v1/applications/{run.AppId}/storage/rdd");
        var plans = Get($"/api/v1/applications/{run.AppId}/sql").EnumerateArray().Select(e => e.GetProperty("planDescription").GetString()!).ToList();

        Assert.Equal(0, rdds.GetArrayLength());
        Assert.DoesNotContain(plans, p => p.Contains("InMemory", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("Scan ExistingRDD", StringComparison.Ordinal) && p.Contains("CartesianProduct", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_EveryRun_PropertiesAsPairsWithExecutorSettings()
    {
        var run = Dataset.Runs[0];

        var props = Get($"/api/v1/applications/{run.AppId}/environment").GetProperty("sparkProperties").EnumerateArray()
            .ToDictionary(p => p[0].GetString()!, p => p[1].GetString()!);

        Assert.Equal(run.AppId, props["spark.app.id"]);
        Assert.Equal("4", props["spark.executor.instances"]);
        Assert.Equal("2", props["spark.executor.cores"]);
        Assert.Equal("4g", props["spark.executor.memory"]);
        Assert.StartsWith("k8s://", props["spark.master"], StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_Paging_OffsetPastTheEndEmpty()
    {
        var run = Dataset.Runs[0];

        Assert.Equal(4, Get($"/api/v1/applications/{run.AppId}/sql", "offset=0&length=20").GetArrayLength());
        Assert.Equal(0, Get($"/api/v1/applications/{run.AppId}/sql", "offset=20&length=20").GetArrayLength());
    }

    [Fact]
    public void Get_UnknownApp_404WithMessage()
    {
        var r = Api.Get("/api/v1/applications/app-nope/stages");

        Assert.Equal(404, r.StatusCode);
        Assert.Contains("app-nope", JsonDocument.Parse(r.Json).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_ManifestRoundTrip_SameDocumentsAsDataset()
    {
        var fromManifest = DemoRestApi.From(DemoManifest.FromJson(DemoManifest.From(Dataset).ToJson()));
        var run = Dataset.Runs[1];

        foreach (var path in new[] { "", "/stages", "/executors", "/sql", "/storage/rdd", "/environment", "/jobs" })
            Assert.Equal(Api.Get($"/api/v1/applications/{run.AppId}{path}").Json, fromManifest.Get($"/api/v1/applications/{run.AppId}{path}").Json);
    }
}
