using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SparkTuner.TestSupport;
using SparkTuner.Web.Model;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>
/// The chrome-less views (<c>/embed/compare</c>, <c>/embed/runs</c>) inside a frame: framed by an allowed origin they
/// render and report their height; framed by any other origin, or any other page framed at all, the browser refuses.
/// Behind a proxy that acts like the OpenShift console's plugin proxy (strips its prefix, adds the user's bearer token),
/// the views work under the prefix, and with <c>Prometheus:ForwardUserToken</c> Prometheus sees the user's token and
/// never the configured service-account token.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EmbedTests(DashboardFixture fx)
{
    internal const string PluginPrefix = "/api/proxy/plugin/sparktuner/backend";

    /// <summary>Where the console serves a plugin's files (the ConsolePlugin's backend, fetched by the console's server).</summary>
    internal const string PluginAssets = "/api/plugins/sparktuner";

    private string EmbedLink(string theme = "light") =>
        "embed" + CompareTests.ShareLink(fx)[fx.BaseUrl.Length..] + "&theme=" + theme;

    [Fact]
    public async Task EmbedCompare_FramedByAnAllowedOrigin_RendersChromelessInTheThemeAskedAndFitsTheFrameToItsHeight()
    {
        await using var host = await FramingHost.StartAsync();
        await using var app = await SecondApp.StartAsync(fx, ("Embedding:FrameAncestors", "'self' " + host.BaseUrl));

        foreach (var theme in new[] { "light", "dark" })
        {
            var page = await fx.NewPageAsync(1280, 900);
            var response = await app.Http.GetAsync("/" + EmbedLink(theme));
            Assert.Contains("frame-ancestors 'self' " + host.BaseUrl + ";", response.Headers.GetValues("Content-Security-Policy").Single());

            await page.GotoAsync(host.FrameUrl(app.BaseUrl + "/" + EmbedLink(theme), theme));
            var frame = page.FrameLocator("#st");
            await frame.Locator("#summary-table").WaitForAsync(new() { Timeout = 60_000 });
            // No chart panel is loading (each has its final, fixed height). Charts are drawn only near the viewport, the
            // console's page being the one that scrolls: scrolled to, the first chart draws inside the frame.
            var inFrame = page.Frames.Single(f => f != page.MainFrame);
            await frame.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await inFrame.WaitForFunctionAsync(
                "() => document.querySelectorAll('[data-panel-status]').length > 0 && document.querySelectorAll('[data-panel-status=\"loading\"]').length === 0",
                null, new() { Timeout = 60_000 });
            await frame.Locator("[data-panel-status='ready']").First.ScrollIntoViewIfNeededAsync();
            await inFrame.WaitForFunctionAsync("() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 2", null, new() { Timeout = 60_000 });
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");

            // Chrome-less: no app bar, the theme the console asked for.
            Assert.Equal(0, await frame.Locator(".mud-appbar").CountAsync());
            Assert.Equal(theme, await frame.Locator("#embed-root").GetAttributeAsync("data-theme"));
            // The frame was sized from the reported height: the view's whole content shows with no inner scrollbar.
            await page.WaitForFunctionAsync("() => window.__heights.length > 0 && window.__heights[window.__heights.length - 1] > 600");
            var reported = await page.EvaluateAsync<int>("() => window.__heights[window.__heights.length - 1]");
            var frameHeight = await page.EvaluateAsync<int>("() => document.getElementById('st').getBoundingClientRect().height");
            Assert.Equal(reported, frameHeight);
            var inner = await frame.Locator("html").EvaluateAsync<int[]>("h => [h.scrollHeight, h.clientHeight]");
            Assert.True(inner[0] <= inner[1] + 1, $"inner scroll height {inner[0]} > frame height {inner[1]}");

            await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, $"embed-compare-{theme}.png"), FullPage = false });
            await page.CloseAsync();
        }

        // Every other page keeps refusing to be framed, by that origin too.
        var other = await fx.NewPageAsync();
        await other.GotoAsync(host.FrameUrl(app.BaseUrl + "/compare", "light"));
        await AssertFrameBlockedAsync(other);
    }

    [Fact]
    public async Task EmbedCompare_FramedByAnOriginNotAllowed_IsBlockedByTheBrowser()
    {
        await using var host = await FramingHost.StartAsync();
        var page = await fx.NewPageAsync();
        // The fixture's app runs with the default Embedding:FrameAncestors ('self'): the host's origin is another port.
        await page.GotoAsync(host.FrameUrl(fx.BaseUrl + "/" + EmbedLink(), "light"));
        await AssertFrameBlockedAsync(page);
    }

    [Fact]
    public async Task EmbedBehindAConsoleLikeProxy_WorksUnderItsPrefix_AndPrometheusSeesTheUserTokenNotTheServiceAccountToken()
    {
        const string serviceAccountToken = "sa-token-0f3e9a1c7d2b4e6f8a0b";
        const string userToken = "sha256~user-token-5b7c9d1e3f5a7b9c";
        // A recording forwarder in front of the real demo Prometheus: it sees every header SparkTuner sends.
        using var recorder = EchoingProxy.Start(fx.PrometheusUrl, _ => false);
        await using var app = await SecondApp.StartAsync(fx,
            ("Prometheus:BaseUrl", recorder.BaseUrl), ("Prometheus:ForwardUserToken", "true"), ("Prometheus:BearerToken", serviceAccountToken));
        await using var console = await ConsoleLikeProxy.StartAsync(app.BaseUrl, userToken);

        var page = await fx.NewPageAsync(1280, 900);
        await page.GotoAsync(console.BaseUrl + "/frame?src=" + Uri.EscapeDataString(PluginPrefix + "/" + EmbedLink()));
        var frame = page.FrameLocator("#st");
        await frame.Locator("#summary-table").WaitForAsync(new() { Timeout = 60_000 });
        // The summary may already be in the first HTML (prerendered): the button works once the circuit runs.
        await frame.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

        // The shared link is the embedded view's, under the proxy's prefix (the console's origin serves it).
        await frame.Locator("#copy-link").ClickAsync();
        await Assertions.Expect(frame.Locator(".mud-snackbar")).ToContainTextAsync(console.BaseUrl + PluginPrefix + "/embed/compare?baseline=");

        // Links inside the frame stay embedded and under the proxy's prefix; the circuit keeps working through it.
        await frame.Locator("#back-to-runs").ClickAsync();
        await frame.Locator("#runs-grid tr", new() { HasText = fx.Demo.Runs[0].AppId }).WaitForAsync(new() { Timeout = 60_000 });
        var framed = page.Frames.Single(f => f != page.MainFrame);
        Assert.StartsWith(console.BaseUrl + PluginPrefix + "/embed/runs?", framed.Url);
        Assert.Contains("theme=light", framed.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, "embed-runs-behind-proxy.png") });

        var requests = recorder.Requests.ToList();
        var data = requests.Where(r => !r.Path.StartsWith("/api/v1/status/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(data);
        Assert.All(data, r => Assert.Equal("Bearer " + userToken, r.Headers.GetValueOrDefault("Authorization")));
        // The service account's token is used for build information only (the status chip, /readyz), never for data.
        Assert.DoesNotContain(data, r => r.Headers.Values.Any(v => v.Contains(serviceAccountToken, StringComparison.Ordinal)));

        // Straight to SparkTuner, around the console: no token, no query; the view says why.
        var before = recorder.Requests.Count(r => !r.Path.StartsWith("/api/v1/status/", StringComparison.Ordinal));
        var direct = await fx.NewPageAsync();
        await direct.GotoAsync(app.BaseUrl + "/" + EmbedLink());
        await Assertions.Expect(direct.Locator("#compare-error")).ToContainTextAsync("no user token", new() { Timeout = 60_000 });
        Assert.Equal(before, recorder.Requests.Count(r => !r.Path.StartsWith("/api/v1/status/", StringComparison.Ordinal)));
        Assert.Equal(0, await direct.Locator(".mud-appbar").CountAsync());
    }

    /// <summary>Chromium replaces a frame that CSP frame-ancestors refuses with its error page; the view never renders.</summary>
    private static async Task AssertFrameBlockedAsync(IPage page)
    {
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Console += (_, m) => { if (m.Text.Contains("frame-ancestors", StringComparison.Ordinal)) refused.TrySetResult(m.Text); };
        await page.ReloadAsync();
        var message = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // "Framing 'ORIGIN' violates the following Content Security Policy directive: "frame-ancestors 'self'". ..."
        Assert.Contains("violates the following Content Security Policy directive", message);
        var child = page.Frames.Single(f => f != page.MainFrame);
        Assert.Equal(0, await child.Locator("#embed-root").CountAsync());
        Assert.Equal(0, await child.Locator("#runs-grid, #summary-table, .mud-appbar").CountAsync());
    }

    /// <summary>The embedding page: frames <c>src</c> and sizes the frame from the view's height messages (as the console plugin does).</summary>
    internal static string FramePage(string src, string theme) => $$"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>frame host</title></head>
        <body style="margin:0;padding:16px;background:{{(theme == "dark" ? "#1b1d21" : "#f0f0f0")}}">
        <iframe id="st" title="SparkTuner" src="{{WebUtility.HtmlEncode(src)}}" style="display:block;width:100%;height:150px;border:0"></iframe>
        <script>
          window.__heights = [];
          addEventListener('message', e => {
            if (e.data && e.data.type === 'sparktuner:height') {
              window.__heights.push(e.data.height);
              document.getElementById('st').style.height = e.data.height + 'px';
            }
          });
        </script>
        </body></html>
        """;

    internal static async Task<(WebApplication App, string BaseUrl)> StartLoopbackAsync(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address.TrimEnd('/'));
    }

    /// <summary>A page on another loopback origin (its own port) that frames a URL.</summary>
    private sealed class FramingHost : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public string BaseUrl { get; private set; } = "";

        public string FrameUrl(string src, string theme) => $"{BaseUrl}/frame?theme={theme}&src={Uri.EscapeDataString(src)}";

        public static async Task<FramingHost> StartAsync()
        {
            var host = new FramingHost();
            (host._app, host.BaseUrl) = await StartLoopbackAsync(WebApplication.CreateSlimBuilder(), app =>
                app.MapGet("/frame", (string src, string? theme) => Results.Content(FramePage(src, theme ?? "light"), "text/html")));
            return host;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>
    /// What the console's plugin proxy does for a ConsolePlugin with <c>authorization: UserToken</c>: requests under
    /// <c>/api/proxy/plugin/NAME/ALIAS/</c> go to the plugin's Service with that prefix removed and the logged-in user's
    /// token as <c>Authorization: Bearer</c> (YARP, WebSockets included); the plugin's files under
    /// <c>/api/plugins/NAME/</c> come from the ConsolePlugin's backend (SparkTuner's <c>/console-plugin/</c>). It also
    /// serves the console's own page that frames the view, on the same origin, and whatever <paramref name="host"/> maps.
    /// </summary>
    internal sealed class ConsoleLikeProxy : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public string BaseUrl { get; private set; } = "";

        public static async Task<ConsoleLikeProxy> StartAsync(string target, string userToken, Action<WebApplication>? host = null)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Services.AddReverseProxy().LoadFromMemory(
                [
                    new RouteConfig { RouteId = "plugin", ClusterId = "sparktuner", Match = new RouteMatch { Path = PluginPrefix + "/{**rest}" } }
                        .WithTransformPathRemovePrefix(PluginPrefix)
                        .WithTransformRequestHeader("Authorization", "Bearer " + userToken, append: false),
                    new RouteConfig { RouteId = "plugin-files", ClusterId = "sparktuner", Match = new RouteMatch { Path = PluginAssets + "/{**rest}" } }
                        .WithTransformPathRemovePrefix(PluginAssets)
                        .WithTransformPathPrefix("/console-plugin"),
                ],
                [
                    new ClusterConfig
                    {
                        ClusterId = "sparktuner",
                        Destinations = new Dictionary<string, DestinationConfig> { ["app"] = new() { Address = target + "/" } },
                    },
                ]);
            var proxy = new ConsoleLikeProxy();
            (proxy._app, proxy.BaseUrl) = await StartLoopbackAsync(builder, app =>
            {
                app.MapGet("/frame", (string src) => Results.Content(FramePage(src, "light"), "text/html"));
                host?.Invoke(app);
                app.MapReverseProxy();
            });
            return proxy;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>A second SparkTuner on loopback, on the fixture's Prometheus unless a setting says otherwise.</summary>
    internal sealed class SecondApp : IAsyncDisposable
    {
        private WebApplicationFactory<Program> _factory = null!;

        public string BaseUrl { get; private set; } = "";

        public HttpClient Http { get; private set; } = null!;

        public static async Task<SecondApp> StartAsync(DashboardFixture fx, params (string Key, string Value)[] settings)
        {
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("Prometheus:BaseUrl", fx.PrometheusUrl);
                b.UseSetting("Prometheus:ScrapeIntervalSeconds", "5");
                foreach (var (key, value) in settings) b.UseSetting(key, value);
            });
            factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var app = new SecondApp { _factory = factory, BaseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/') };
            app.Http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            await Task.CompletedTask;
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _factory.DisposeAsync();
        }
    }
}
