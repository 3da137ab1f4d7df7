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
