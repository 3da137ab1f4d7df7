using System.Net;
using SparkTuner.TestSupport;
using SparkTuner.Web.Hosting;

namespace SparkTuner.Web.Tests.Api;

/// <summary>Every answer carries the security headers, and HEAD is answered wherever GET is, without a body.</summary>
[Collection(DemoPrometheusFixture.Collection)]
public sealed class SecurityHeadersTests(DemoAppFixture fx)
{
    private string CompareUrl =>
        $"/api/compare?baseline={string.Join(",", fx.Prometheus.Ids("noncached"))}&candidate={string.Join(",", fx.Prometheus.Ids("cached"))}";

    public static TheoryData<string> Paths =>
    [
        "/", "/runs", "/datasource", "/compare", "/healthz", "/readyz", "/api/runs", "/api/doctor", "/openapi/v1.json",
        "/no-such-page", "/api/no-such-endpoint", "/api/compare?baseline=&candidate=",
    ];

    private static void AssertSecurityHeaders(HttpResponseMessage response, string path)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), path);
        Assert.Equal("nosniff", Assert.Single(nosniff));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(ContentSecurityPolicy.Value, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_AnyAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var response = await fx.Client.GetAsync(path);

        AssertSecurityHeaders(response, path);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Head_AnyGetRoute_SameStatusAndContentTypeAsGetAndNoBody(string path)
    {
        using var get = await fx.Client.GetAsync(path);
        using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        AssertSecurityHeaders(head, path);
    }

    [Fact]
    public async Task StaticFiles_FingerprintedOnesImmutable_OthersRevalidated()
    {
        // Run from the build output (as here and by deploy/local/run), MapStaticAssets would send no-cache for every
        // file unless EnableStaticAssetsDevelopmentCaching is set: every page open then fetched MudBlazor's CSS and
        // Blazor's script again. The page links fingerprinted URLs, whose content never changes.
        var html = await fx.Client.GetStringAsync("/runs");
        var css = System.Text.RegularExpressions.Regex.Match(html, "_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]+\\.css").Value;
        Assert.NotEmpty(css);
        using var fingerprinted = await fx.Client.GetAsync("/" + css);
        Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
        Assert.Equal("max-age=31536000, immutable", fingerprinted.Headers.CacheControl?.ToString());
        using var plain = await fx.Client.GetAsync("/_content/MudBlazor/MudBlazor.min.css");
        Assert.True(plain.Headers.CacheControl is { NoCache: true } or { MustRevalidate: true }, plain.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Head_CompareApi_200WithNoBody()
    {
        using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, CompareUrl));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_Pages_200()
    {
        foreach (var path in new[] { "/", "/runs", "/datasource", "/healthz" })
        {
            using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"{path}: {head.StatusCode}");
        }
    }

    [Fact]
    public void ContentSecurityPolicy_NoUnsafeScriptSourcesAndFramingLimited()
    {
        var directives = ContentSecurityPolicy.Value.Split("; ").ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);

        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal(ContentSecurityPolicy.FrameAncestors, directives["frame-ancestors"]);
        Assert.Equal("frame-ancestors https://grafana.example", ContentSecurityPolicy.Build("https://grafana.example").Split("; ").Single(d => d.StartsWith("frame-ancestors", StringComparison.Ordinal)));
    }
}
