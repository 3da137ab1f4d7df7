using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparkTuner.Core.Catalog;
using SparkTuner.Core.Comparison;
using SparkTuner.Core.Snapshots;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>/api/snapshots and /s/{id} of the real app over the real demo Prometheus, with its own SQLite file.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class SnapshotApiTests(DemoAppFixture fx) : IAsyncLifetime
{
    private readonly string _dir = ServerProcess.NewRoot("snapapi");
    private WebApplicationFactory<Program>? _app;
    private HttpClient _client = null!;

    private DemoPrometheusFixture Prom => fx.Prometheus;

    private string Sides => $"baseline={string.Join(",", Prom.Ids("noncached"))}&candidate={string.Join(",", Prom.Ids("cached"))}";

    public Task InitializeAsync()
    {
        _app = new SparkTunerAppFactory(Prom.BaseUrl).WithWebHostBuilder(b => b.UseSetting("Snapshots:Path", Path.Combine(_dir, "s.db")));
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Create_read_search_and_delete_a_snapshot_of_the_demo_comparison()
    {
        using var created = await _client.PostAsync($"/api/snapshots?{Sides}&agg=max&groups=memory,cpu", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetString()!;
        Assert.True(SnapshotIds.IsValid(id));
        Assert.Equal($"/s/{id}?groups=memory,cpu&agg=max", body.GetProperty("url").GetString());
        Assert.Equal(body.GetProperty("url").GetString(), created.Headers.Location?.OriginalString);

        var json = await _client.GetByteArrayAsync($"/api/snapshots/{id}");
        var snapshot = SnapshotJson.Deserialize(json);
        Assert.Equal(id, snapshot.Id);
        Assert.Equal(Prom.BaseUrl, snapshot.Source);
        Assert.Equal(ExecutorAggregation.Max, snapshot.Link.Aggregation);
        Assert.Equal(["memory", "cpu"], snapshot.Link.Groups);
        Assert.Null(snapshot.SparkRest);
        Assert.Null(snapshot.AdvisorFindings);
        // Every group is stored (the snapshot's picker offers them all), every executor panel for every aggregation.
        Assert.Equal(MetricCatalog.Default.Groups.Select(g => g.Key), snapshot.Groups.Select(g => g.Key));
        var panels = snapshot.Groups.SelectMany(g => g.Panels).Where(p => p.Error is null && p.UnavailableReason is null).ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels.Where(p => p.Scope == MetricScope.Executor), p => Assert.Equal(SnapshotBuilder.Aggregations, p.Charts.Select(c => c.Aggregation)));
        Assert.All(panels.Where(p => p.Scope == MetricScope.Driver), p => Assert.Single(p.Charts));
        Assert.Contains(panels, p => p.ChartFor(ExecutorAggregation.Each)!.Traces.Any(t => t.Role == "executor"));

        // The same numbers as the live comparison of the same runs and range.
        var compare = await _client.GetStringAsync($"/api/compare?{Sides}&from={snapshot.Link.From.ToUnixTimeSeconds()}&to={snapshot.Link.To.ToUnixTimeSeconds() + 1}");
        Assert.Equal(JsonSerializer.Serialize(ComparisonJson.Deserialize(compare).Rows, ComparisonJson.Options),
            JsonSerializer.Serialize(snapshot.Result.Rows, ComparisonJson.Options));

        var list = JsonDocument.Parse(await _client.GetStringAsync("/api/snapshots?search=NONCACHED")).RootElement;
        Assert.Equal([id], list.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        Assert.True(list.GetProperty("totalBytes").GetInt64() > 0);
        Assert.Empty(JsonDocument.Parse(await _client.GetStringAsync("/api/snapshots?search=zzz")).RootElement.GetProperty("snapshots").EnumerateArray());

        var page = await _client.GetStringAsync($"/s/{id}?agg=each");
        Assert.Contains("Snapshot of ", page, StringComparison.Ordinal);
        Assert.Contains("from " + Prom.BaseUrl, page, StringComparison.Ordinal);
        Assert.Contains("executors (each)", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/snapshots/{id}")).StatusCode);
        using var again = await _client.DeleteAsync($"/api/snapshots/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Contains("There is no snapshot", await _client.GetStringAsync($"/s/{id}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agg=median", HttpStatusCode.BadRequest, "'agg=median' is not an executor aggregation")]
    [InlineData("aggregation=max", HttpStatusCode.BadRequest, "'aggregation' is not a parameter of /api/snapshots")]
    [InlineData("groups=disk", HttpStatusCode.BadRequest, "Unknown metric group(s) 'disk'")]
    public async Task A_bad_request_is_refused_before_any_snapshot_is_taken(string extra, HttpStatusCode status, string message)
    {
        using var response = await _client.PostAsync($"/api/snapshots?{Sides}&{extra}", null);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(await _client.GetStringAsync("/api/snapshots")).RootElement.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task An_unknown_run_is_a_404_naming_it()
    {
        using var response = await _client.PostAsync($"/api/snapshots?baseline=spark-nope&candidate={Prom.Ids("cached")[0]}", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("spark-nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/s/not-an-id")]
    [InlineData("/s/AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_link_to_no_snapshot_says_so_on_the_page(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There is no snapshot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
