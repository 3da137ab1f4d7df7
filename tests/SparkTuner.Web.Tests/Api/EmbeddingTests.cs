using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparkTuner.Web.Hosting;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Tests.Api;

/// <summary>
/// Embedding:FrameAncestors reaches the CSP of /embed/* only; the setting is checked at start-up; embedded links and
/// the base href keep a page under whatever prefix a proxy serves it at.
/// </summary>
public sealed class EmbeddingTests
{
    private const string Console = "https://console-openshift-console.apps.example.com";

    [Theory]
    [InlineData("/embed/compare?baseline=a&candidate=b", true)]
    [InlineData("/embed/runs", true)]
    [InlineData("/EMBED/runs", true)]
    [InlineData("/embed/no-such-view", true)]
    [InlineData("/compare?baseline=a&candidate=b", false)]
    [InlineData("/runs", false)]
    [InlineData("/embedded", false)]
    [InlineData("/healthz", false)]
    public async Task Csp_FrameAncestors_WidenedOnEmbedPathsOnly(string path, bool embedded)
    {
        // Pages are prerendered without asking Prometheus; nothing listens here.
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Prometheus:BaseUrl", "http://127.0.0.1:9");
            b.UseSetting("Embedding:FrameAncestors", "'self' " + Console);
        });
        using var http = app.CreateClient();

        using var response = await http.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(embedded ? ContentSecurityPolicy.Build("'self' " + Console) : ContentSecurityPolicy.Value, csp);
    }

    [Theory]
    [InlineData("'self'")]
    [InlineData("'none'")]
    [InlineData("'self' https://console.example.com")]
    [InlineData("https://*.apps.example.com:8443 https:")]
    [InlineData("http://127.0.0.1:41234")]
    public void Validator_FrameAncestorsSources_Accepted(string value) =>
        Assert.True(new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { FrameAncestors = value }).Succeeded);

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("'self'; script-src *", "has ''self';', which is not a frame-ancestors source")]
    [InlineData("https://a.example.com,https://b.example.com", "is not a frame-ancestors source")]
    [InlineData("self", "without quotes")]
    [InlineData("'none' 'self'", "combines 'none' with other sources")]
    public void Validator_FrameAncestorsNotSources_RefusedWithTheKeyNamed(string value, string expected)
    {
        var result = new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { FrameAncestors = value });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Embedding:FrameAncestors", StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_ConsolePluginDirectoryWithoutAManifest_Refused()
    {
        var result = new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { ConsolePluginDirectory = Path.GetTempPath() });
        Assert.Contains(result.Failures!, f => f.Contains("holds no plugin-manifest.json", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "/compare?baseline=a&candidate=b", "/compare?baseline=a&candidate=b")]
    [InlineData("dark", "/compare?baseline=a&candidate=b", "embed/compare?baseline=a&candidate=b&theme=dark")]
    [InlineData("", "/runs", "embed/runs")]
    [InlineData("light", "/runs", "embed/runs?theme=light")]
    public void Link_InsideAnEmbeddedView_StaysEmbeddedRelativeAndKeepsTheTheme(string? theme, string url, string expected)
    {
        var embed = theme is null ? null : new EmbedContext(theme == "" ? null : theme);
        Assert.Equal(expected, EmbedContext.Link(embed, url));
    }

    [Theory]
    [InlineData("", "/embed/compare", "../")]
    [InlineData("", "/embed/runs", "../")]
    [InlineData("", "/embed", "./")]
    [InlineData("", "/embed/a/b", "../../")]
    [InlineData("", "/compare", "/")]
    [InlineData("/sparktuner", "/runs", "/sparktuner/")]
    [InlineData("/sparktuner/", "/", "/sparktuner/")]
    public void BaseHref_EmbedRelativeToThePage_OthersThePathBase(string pathBase, string path, string expected) =>
        Assert.Equal(expected, EmbedContext.BaseHref(pathBase, path));
}
