using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using SparkTuner.Clients.Security;
using SparkTuner.TestSupport;
using SparkTuner.Web.Hosting;
using SparkTuner.Web.Model;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>
/// The pages work under the Content-Security-Policy (no violation, no console error) with the charts drawn, HEAD over a
/// real socket, and the configured credentials never reach the browser, neither in the page nor in the circuit's
/// WebSocket frames, when an upstream echoes them.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SecurityTests(DashboardFixture fx) : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files) File.Delete(file);
    }

    /// <summary>Console errors, and every CSP violation the page reports (securitypolicyviolation events), as text.</summary>
    private static async Task<(IPage Page, List<string> Problems)> WatchedPageAsync(DashboardFixture fx)
    {
        var page = await fx.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => { lock (problems) problems.Add("page error: " + e); };
        await page.ExposeFunctionAsync("__reportCsp", (string text) => { lock (problems) problems.Add("csp: " + text); });
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.__reportCsp(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));");
        return (page, problems);
    }

    [Fact]
    public async Task ComparePage_UnderTheCsp_ChartsDrawnWithNoViolationAndTheCircuitConnected()
    {
        var (page, problems) = await WatchedPageAsync(fx);

        var response = await page.GotoAsync(CompareTests.ShareLink(fx));
        await page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await CompareTests.WaitForChartsAsync(page);

        Assert.Equal(ContentSecurityPolicy.Value, await response!.HeaderValueAsync("content-security-policy"));
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, await response.HeaderValueAsync("referrer-policy"));
        // The basic Plotly bundle drew SVG traces; nothing was refused.
        Assert.True(await page.Locator(".js-plotly-plot .scatterlayer .trace").CountAsync() >= 2);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task RunsAndDataSourcePages_UnderTheCsp_RenderWithNoViolation()
    {
        var (page, problems) = await WatchedPageAsync(fx);

        await fx.GotoInteractiveAsync(page, "/runs");
        await page.Locator("#runs-grid tr", new() { HasText = fx.Demo.Runs[0].AppId }).WaitForAsync();
        await fx.GotoInteractiveAsync(page, "/datasource");
        await page.Locator("#doctor-status").WaitForAsync(new() { Timeout = 60_000 });

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Head_OverARealSocket_PagesAndHealthAnsweredWithoutBody()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        foreach (var path in new[] { "/", "/runs", "/datasource", "/healthz", "/readyz", "/api/runs" })
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {head.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        // A static file keeps the length a GET would send.
        var css = "/_content/MudBlazor/MudBlazor.min.css";
        using var get = await http.GetAsync(css);
        using var headCss = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, css));
        Assert.Equal(get.Content.Headers.ContentLength, headCss.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("basic")]
    public async Task ComparePage_UpstreamEchoesTheCredentials_NotInThePageNorInTheWebSocketFrames(string kind)
    {
        var credentials = Credentials.Make(kind, _files);
        using var proxy = EchoingProxy.Start(fx.PrometheusUrl, r => EchoingProxy.QueryContains(r, "cputime"));
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Prometheus:BaseUrl", proxy.BaseUrl);
            b.UseSetting("Prometheus:ScrapeIntervalSeconds", "5");
            foreach (var (key, value) in credentials.Settings) b.UseSetting(key, value);
        });
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        var page = await fx.NewPageAsync();
        var frames = new List<string>();
        page.WebSocket += (_, ws) => ws.FrameReceived += (_, f) =>
        {
            lock (frames) frames.Add(f.Binary is { } bytes ? Encoding.UTF8.GetString(bytes) : f.Text ?? "");
        };
        var link = CompareTests.ShareLink(fx)[fx.BaseUrl.Length..];
        await page.GotoAsync(baseUrl + link);
        await CompareTests.WaitForChartsAsync(page);
        // The CPU panels show the upstream's error, redacted.
        await page.GetByText(SecretRedactor.Replacement).First.WaitForAsync();

        var html = await page.ContentAsync();
        var text = await page.InnerTextAsync("body");
        string allFrames;
        lock (frames) allFrames = string.Join("\n", frames);
        Assert.Contains(proxy.Requests, r => r.Headers.ContainsKey("Authorization"));
        Assert.NotEmpty(frames);
        Assert.Contains(SecretRedactor.Replacement, allFrames);
        credentials.AssertNotIn(html, "the Compare page's HTML");
        credentials.AssertNotIn(text, "the Compare page's text");
        credentials.AssertNotIn(allFrames, "the circuit's WebSocket frames");
    }
}
