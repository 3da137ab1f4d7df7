using Microsoft.AspNetCore.Hosting;
using System.Net;
using SparkTuner.TestSupport;

namespace SparkTuner.Web.Tests.Api;

/// <summary>The app starts, serves its page and static assets (root wwwroot, MudBlazor, the Blazor script).</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class AppStartTests(DemoAppFixture fx)
{
    [Fact]
    public async Task Root_Get_HtmlNamingSparkTuner()
    {
        using var response = await fx.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SparkTuner", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("dark", "dark")]
    [InlineData("light", "light")]
    [InlineData("purple", "light")]
    public async Task Root_ThemeCookie_ServerRendersThatThemeFromTheFirstPaint(string cookie, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/runs");
        request.Headers.Add("Cookie", $"sparktuner-theme={cookie}");
        using var response = await fx.Client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"data-theme=\"{expected}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ChartThresholdNegative_RefusedWithTheKeyNamed()
    {
        var ex = await AppStart.FailureAsync(("Charts:DrawWhenVisibleAboveTraces", "-1"));
        Assert.Contains("Charts:DrawWhenVisibleAboveTraces = '-1' is out of range; expected 0 or more", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/js/sparktuner.js", "text/javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    public async Task StaticAsset_Get_200WithContent(string path, string mediaType)
    {
        using var response = await fx.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
    }
}
