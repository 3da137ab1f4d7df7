using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Core.Spark;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Tests.Spark;

public sealed class SparkRestPageServiceTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 11, 10, 0, 0, TimeSpan.Zero);
    private static readonly SparkRun B = new("app-b", "cartesian-noncached", T0, T0.AddMinutes(4), 4, "noncached");
    private static readonly SparkRun C = new("app-c", "cartesian-cached", T0.AddMinutes(6), T0.AddMinutes(9), 4, "cached");

    private static SparkRestPageService Service(ISparkHistorySource source, string? baseUrl = "http://127.0.0.1:18080") =>
        new(source, Options.Create(new SparkRestOptions { BaseUrl = baseUrl }), NullLogger<SparkRestPageService>.Instance);

    [Fact]
    public async Task LoadAsync_NoBaseUrl_NotConfiguredWithHowTo()
    {
        var vm = await Service(new FakeSource(), baseUrl: null).LoadAsync(B, C, default);

        Assert.Equal(SparkRestStatus.NotConfigured, vm.Status);
        Assert.Contains("SparkRest__BaseUrl", vm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_Unreachable_UnreachableWithMessage()
    {
        var vm = await Service(new FakeSource { Fail = new DataSourceException("unreachable", "Spark REST: cannot reach http://x") }).LoadAsync(B, C, default);

        Assert.Equal(SparkRestStatus.Unreachable, vm.Status);
        Assert.Contains("cannot reach", vm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CandidateUnknown_AppMissingNamingTheId()
    {
        var vm = await Service(new FakeSource { Missing = "app-c" }).LoadAsync(B, C, default);

        Assert.Equal(SparkRestStatus.AppMissing, vm.Status);
        Assert.Contains("'app-c'", vm.Message, StringComparison.Ordinal);
        Assert.True(vm.Baseline!.IsLinked);
    }

    [Fact]
    public async Task LoadAsync_SqlFails_OtherSectionsReadyAndRestTimesJoined()
    {
        var vm = await Service(new FakeSource { FailSql = true }).LoadAsync(B, C, default);

        Assert.Equal(SparkRestStatus.Ready, vm.Status);
        Assert.NotNull(vm.Plans!.Error);
        Assert.NotNull(vm.Stages!.Value);
        Assert.NotNull(vm.Config!.Value);
        Assert.NotNull(vm.Cached!.Value);
        Assert.Equal(T0.AddMilliseconds(-700), vm.Baseline!.RestStart);
        Assert.Equal(B.Start, vm.Baseline.MetricsStart);
    }

    private sealed class FakeSource : ISparkHistorySource
    {
        public DataSourceException? Fail { get; init; }
        public string? Missing { get; init; }
        public bool FailSql { get; init; }

        private Task<T> Answer<T>(string appId, T value)
        {
            if (Fail is not null) return Task.FromException<T>(Fail);
            if (appId == Missing) return Task.FromException<T>(new DataSourceException("not_found", $"application '{appId}' not found", null, 404));
            return Task.FromResult(value);
        }

        public Task<IReadOnlyList<SparkApplication>> ListApplicationsAsync(string? status = null, int? limit = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SparkApplication>>([]);

        public Task<SparkApplication> GetApplicationAsync(string appId, CancellationToken cancellationToken = default) =>
            Answer(appId, new SparkApplication(appId, "x", [new SparkAttempt(null, T0.AddMilliseconds(-700), T0.AddMinutes(4), TimeSpan.FromMinutes(4), "spark", true, "3.5.1")]));

        public Task<IReadOnlyList<SparkExecutor>> ExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => Answer<IReadOnlyList<SparkExecutor>>(appId, []);

        public Task<IReadOnlyList<SparkExecutor>> AllExecutorsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) => Answer<IReadOnlyList<SparkExecutor>>(appId, []);

        public Task<IReadOnlyList<SparkStage>> StagesAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<SparkStage>>(appId, [SparkRestSamples.Stage(0, "count", appId == "app-b" ? 10 : 5)]);

        public Task<IReadOnlyList<SparkJob>> JobsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<SparkJob>>(appId, [new SparkJob { JobId = 0, Name = "count", Status = "SUCCEEDED", StageIds = [0] }]);

        public Task<IReadOnlyList<SparkSqlExecution>> SqlExecutionsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
            FailSql ? Task.FromException<IReadOnlyList<SparkSqlExecution>>(new DataSourceException("http_error", "HTTP 500", null, 500)) : Answer<IReadOnlyList<SparkSqlExecution>>(appId, []);

        public Task<SparkEnvironment> EnvironmentAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
            Answer(appId, new SparkEnvironment { SparkProperties = [new("spark.app.name", appId)] });

        public Task<IReadOnlyList<SparkRddStorage>> StorageRddsAsync(string appId, string? attemptId = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<SparkRddStorage>>(appId, []);
    }
}
