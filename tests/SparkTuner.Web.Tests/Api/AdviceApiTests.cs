using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using SparkTuner.Cli.Commands;
using SparkTuner.Demo.Rest;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary><c>/api/compare?advice=true</c> against the demo Prometheus and the demo's Spark REST API.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class AdviceApiTests(DemoAppFixture fx)
{
    private DemoPrometheusFixture Prom => fx.Prometheus;

    private string CompareUrl(string extra) =>
        $"/api/compare?baseline={string.Join(",", Prom.Ids("noncached"))}&candidate={string.Join(",", Prom.Ids("cached"))}&metrics=duration_seconds{extra}";

    [Fact]
    public async Task Compare_AdviceTrue_FindingsMemoryModelsAndCacheVerdictInTheJson()
    {
        using var rest = DemoRestServer.Start(DemoRestApi.From(Prom.Manifest), "127.0.0.1", PrometheusServer.FreePort());
        using var app = fx.App.WithWebHostBuilder(b => b.UseSetting("SparkRest:BaseUrl", rest.BaseUrl));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(CompareUrl("&advice=true"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        var advice = doc.RootElement.GetProperty("advice");
        Assert.Equal(Prom.Ids("noncached")[0], advice.GetProperty("baselineRunId").GetString());
        Assert.Equal(Prom.Ids("cached")[0], advice.GetProperty("candidateRunId").GetString());
        Assert.Equal("paid_off", advice.GetProperty("cache").GetProperty("outcome").GetString());
        Assert.StartsWith("paid off: −", advice.GetProperty("cache").GetProperty("verdict").GetString());
        var findings = advice.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.NotEqual("same", findings[0].GetProperty("change").GetString());
        Assert.Equal(4, advice.GetProperty("memoryModels").GetArrayLength());
    }

    [Fact]
    public async Task Compare_NoAdviceAsked_NoAdviceProperty_AdviceWithoutSparkRest_WarningNotFailure()
    {
        using var plain = await fx.Client.GetAsync(CompareUrl(""));
        using var plainDoc = JsonDocument.Parse(await plain.Content.ReadAsStringAsync());
        Assert.False(plainDoc.RootElement.TryGetProperty("advice", out _));

        using var response = await fx.Client.GetAsync(CompareUrl("&advice=true"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        Assert.False(doc.RootElement.TryGetProperty("advice", out _));
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("No advice: the Spark REST API failed: Spark REST API is not configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("&advice=maybe", "'maybe' is not true or false")]
    [InlineData("&advice=true&format=csv", "advice is in the JSON only")]
    public async Task Compare_BadAdviceParameter_400(string extra, string message)
    {
        using var response = await fx.Client.GetAsync(CompareUrl(extra));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }
}
