using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Playwright;
using SparkTuner.TestSupport;
using static SparkTuner.EndToEnd.Tests.EmbedTests;

namespace SparkTuner.EndToEnd.Tests;

/// <summary>
/// The console plugin's Pod tab as built, in real Chromium: the closest stand-in for the OpenShift console this machine
/// has. A console-like host on its own loopback origin loads the built plugin the way the console does (the manifest and
/// entry from <c>/api/plugins/sparktuner/</c>, fetched from SparkTuner's own <c>/console-plugin/</c>; React given as the
/// console's shared module; PatternFly's CSS on the page; the dark theme as PatternFly's class on &lt;html&gt;) and renders
/// the <c>DriverPodTab</c> for a demo run's driver pod. The tab asks for the runs and frames <c>/embed/compare</c> through
/// the console-like plugin proxy (the user's token added, <c>Prometheus:ForwardUserToken</c> on), against the real
/// Prometheus with the demo runs. Not the console itself: its masthead, navigation and resource pages are not here.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ConsolePodTabTests(DashboardFixture fx)
{
    [Fact]
    public async Task DriverPodTab_InAConsoleLikeHost_FramesThePodsRunAgainstThePreviousRunOfItsName_FitsItsContent_LightAndDark()
    {
        using var plugin = await ConsolePluginBuild.BuildAsync();
        await using var app = await SecondApp.StartAsync(fx,
            ("Embedding:ConsolePluginDirectory", plugin.Dist), ("Prometheus:ForwardUserToken", "true"));
        var nodeModules = new DirectoryInfo(plugin.NodeModules).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? plugin.NodeModules;
        await using var console = await ConsoleLikeProxy.StartAsync(app.BaseUrl, "sha256~user-token-pod-tab", host =>
        {
            // What the console's own page brings: React (shared with plugins) and PatternFly's CSS.
            Serve(host, "/static/react", Path.Combine(nodeModules, "react", "umd"));
            Serve(host, "/static/react-dom", Path.Combine(nodeModules, "react-dom", "umd"));
            Serve(host, "/static/pf-base", Path.Combine(nodeModules, "@patternfly", "react-core", "dist", "styles"));
            Serve(host, "/static/pf", Path.Combine(nodeModules, "@patternfly", "react-styles", "css"));
            host.MapGet("/k8s/ns/{ns}/pods/{pod}/sparktuner", (string ns, string pod, string labels, string? theme) =>
                Results.Content(HostPage(ns, pod, labels, theme == "dark"), "text/html"));
        });

        // The latest cached run's driver pod: its previous completed run of the same name is the one before it.
        var sameName = fx.Demo.Runs.Where(r => r.Name == fx.Variant("cached")[^1].Name).OrderBy(r => r.Start).ToList();
        var run = sameName[^1];
        var previous = sameName[^2];
        var labels = JsonSerializer.Serialize(new Dictionary<string, string> { ["spark-role"] = "driver", ["spark-app-selector"] = run.AppId });

        foreach (var theme in new[] { "light", "dark" })
        {
            var page = await fx.NewPageAsync(1280, 900);
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync($"{console.BaseUrl}/k8s/ns/{run.Namespace}/pods/{run.Driver.Name}/sparktuner?theme={theme}&labels={Uri.EscapeDataString(labels)}");

            // The tab framed the comparison of this pod's run through the console's proxy path, in the console's theme.
            var frameElement = page.Locator("iframe[data-testid='sparktuner-frame']");
            await frameElement.WaitForAsync(new() { Timeout = 60_000 });
            var src = new Uri(console.BaseUrl + await frameElement.GetAttributeAsync("src"));
            Assert.Equal(PluginPrefix + "/embed/compare", src.AbsolutePath);
            var query = System.Web.HttpUtility.ParseQueryString(src.Query);
            Assert.Equal(run.AppId, query["candidate"]);
            Assert.Equal(previous.AppId, query["baseline"]);
            Assert.Equal(theme, query["theme"]);
            Assert.Equal(previous.AppId, await page.Locator("#sparktuner-baseline").InputValueAsync());

            // What the frame shows: that comparison (both run ids in its header), the summary, no chart panel loading (each
            // has its final height). Charts draw only near the viewport, the console's page being the one that scrolls:
            // scrolled to, the first chart draws inside the frame.
            var frame = page.FrameLocator("iframe[data-testid='sparktuner-frame']");
            await frame.Locator("#summary-table").WaitForAsync(new() { Timeout = 60_000 });
            var framed = page.Frames.Single(f => f != page.MainFrame);
            await frame.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await framed.WaitForFunctionAsync(
                "() => document.querySelectorAll('[data-panel-status]').length > 0 && document.querySelectorAll('[data-panel-status=\"loading\"]').length === 0",
                null, new() { Timeout = 60_000 });
            await frame.Locator("[data-panel-status='ready']").First.ScrollIntoViewIfNeededAsync();
            await framed.WaitForFunctionAsync("() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 2", null, new() { Timeout = 60_000 });
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            var header = await frame.Locator(".compare-header").InnerTextAsync();
            Assert.Contains(run.AppId, header, StringComparison.Ordinal);
            Assert.Contains(previous.AppId, header, StringComparison.Ordinal);
            Assert.Equal(theme, await frame.Locator("#embed-root").GetAttributeAsync("data-theme"));
            Assert.Equal(0, await frame.Locator(".mud-appbar").CountAsync());
            // Narrower than the dashboard (the console's navigation beside it), the summary still shows its verdicts whole.
            var verdictRight = await frame.Locator("#summary-table td.verdict").First.EvaluateAsync<double>("c => c.getBoundingClientRect().right");
            var frameWidth = await frame.Locator("html").EvaluateAsync<double>("h => h.clientWidth");
            Assert.True(verdictRight <= frameWidth, $"the verdict column ends at {verdictRight} px, beyond the frame's {frameWidth} px");

            // The frame follows its content: as tall as the view's document, no inner scrollbar (the last height message
            // may come a moment after the charts).
            await page.WaitForFunctionAsync(
                """
                () => {
                  const f = document.querySelector("iframe[data-testid='sparktuner-frame']");
                  const d = f.contentDocument.documentElement;
                  return f.getBoundingClientRect().height > 600 && Math.abs(f.getBoundingClientRect().height - d.scrollHeight) <= 1;
                }
                """, null, new() { Timeout = 15_000 });
            var inner = await frame.Locator("html").EvaluateAsync<int[]>("h => [h.scrollHeight, h.clientHeight]");
            Assert.True(inner[0] <= inner[1] + 1, $"inner scroll height {inner[0]} > frame height {inner[1]}");
            // The console page, not the frame, scrolls: it is taller than the window.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight > window.innerHeight"));

            // The host's theme reached PatternFly's CSS too (the tab's own select is drawn dark on a dark page).
            var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.pf-v6-c-page__main-section')).backgroundColor");
            Assert.Equal(theme == "dark", IsDark(background));
            Assert.Empty(errors);

            // What a user sees on opening the tab (charts further down draw as the page scrolls to them).
            await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Artifacts, $"console-pod-tab-{theme}.png") });
            await page.CloseAsync();
        }
    }

    private static bool IsDark(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(parts.Length == 3 || parts[3] > 0, $"transparent background {rgb}: no theme to tell");
        return (parts[0] + parts[1] + parts[2]) / 3 < 100;
    }

    private static void Serve(WebApplication host, string path, string folder) =>
        host.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = path });

    /// <summary>
    /// The stand-in for the console's Pod page: a line saying what it is, the pod's title and tabs drawn with PatternFly's
    /// classes, and the plugin's <c>DriverPodTab</c> loaded as the console loads a dynamic plugin.
    /// </summary>
    private static string HostPage(string ns, string pod, string labels, bool dark)
    {
        var obj = JsonSerializer.Serialize(new
        {
            apiVersion = "v1",
            kind = "Pod",
            metadata = new { name = pod, @namespace = ns, labels = JsonSerializer.Deserialize<Dictionary<string, string>>(labels) },
        });
        var tabs = string.Concat(new[] { "Details", "Metrics", "YAML", "Environment", "Logs", "Events", "Terminal", "Spark tuning" }.Select(t =>
            $"""<li class="pf-v6-c-tabs__item{(t == "Spark tuning" ? " pf-m-current" : "")}"><button class="pf-v6-c-tabs__link" type="button"><span class="pf-v6-c-tabs__item-text">{t}</span></button></li>"""));
        var nav = string.Concat(new[] { "Home", "Operators", "Workloads", "Networking", "Storage", "Builds", "Observe", "Compute" }.Select(n =>
            $"""<li class="pf-v6-c-nav__item"><a class="pf-v6-c-nav__link{(n == "Workloads" ? " pf-m-current" : "")}" href="#">{n}</a></li>"""));
        return $$"""
            <!DOCTYPE html>
            <html lang="en" class="{{(dark ? "pf-v6-theme-dark" : "")}}">
            <head>
            <meta charset="utf-8">
            <title>{{WebUtility.HtmlEncode(pod)}} · Spark tuning (stand-in host, not the OpenShift console)</title>
            <link rel="stylesheet" href="/static/pf-base/base.css">
            <link rel="stylesheet" href="/static/pf/components/_index.css">
            <link rel="stylesheet" href="/static/pf/layouts/_index.css">
            <style>
              /* The console's main area scrolls inside the page; here the document scrolls, so a full-page shot shows it all. */
              html, body { height: auto; }
              .pf-v6-c-page { height: auto; min-height: 100vh; }
              .pf-v6-c-page__main-container, .pf-v6-c-page__sidebar { overflow: visible; }
              #standin { font-weight: 600; }
            </style>
            </head>
            <body>
            <div class="pf-v6-c-page">
              <header class="pf-v6-c-masthead"><div class="pf-v6-c-masthead__main"><span class="pf-v6-c-masthead__brand" id="standin">Stand-in host, not the OpenShift console: SparkTuner's built plugin (DriverPodTab) loaded as the console loads a dynamic plugin, with PatternFly's CSS</span></div></header>
              <div class="pf-v6-c-page__sidebar pf-m-expanded"><div class="pf-v6-c-page__sidebar-body"><nav class="pf-v6-c-nav" aria-label="Stand-in navigation"><ul class="pf-v6-c-nav__list">{{nav}}</ul></nav></div></div>
              <div class="pf-v6-c-page__main-container"><main class="pf-v6-c-page__main">
              <section class="pf-v6-c-page__main-section">
                <nav class="pf-v6-c-breadcrumb" aria-label="Breadcrumb"><ol class="pf-v6-c-breadcrumb__list">
                  <li class="pf-v6-c-breadcrumb__item"><a class="pf-v6-c-breadcrumb__link" href="#">Pods</a></li>
                  <li class="pf-v6-c-breadcrumb__item"><span class="pf-v6-c-breadcrumb__item-divider">›</span>Pod details</li>
                </ol></nav>
                <h1 class="pf-v6-c-title pf-m-2xl">{{WebUtility.HtmlEncode(pod)}} <span class="pf-v6-c-label pf-m-compact"><span class="pf-v6-c-label__content">{{WebUtility.HtmlEncode(ns)}}</span></span></h1>
                <div class="pf-v6-c-tabs" role="region"><ul class="pf-v6-c-tabs__list" role="tablist">{{tabs}}</ul></div>
              </section>
              <div id="tab"></div>
              </main></div>
            </div>
            <script src="/static/react/react.production.min.js"></script>
            <script src="/static/react-dom/react-dom.production.min.js"></script>
            <script>
            (async () => {
              // As the console: read the manifest, load its entry, give React as the shared module, render the exposed tab.
              const manifest = await (await fetch('{{PluginAssets}}/plugin-manifest.json')).json();
              const entry = await new Promise((resolve, reject) => {
                window.__load_plugin_entry__ = (name, container) => resolve(container);
                const script = document.createElement('script');
                script.src = manifest.baseURL + manifest.loadScripts[0];
                script.onerror = () => reject(new Error('cannot load ' + script.src));
                document.head.appendChild(script);
              });
              await entry.init({ react: { [React.version]: { get: () => Promise.resolve(() => React), loaded: 1, from: 'console', eager: false } } });
              const Tab = (await entry.get('DriverPodTab'))().default;
              ReactDOM.createRoot(document.getElementById('tab')).render(React.createElement(Tab, { obj: {{obj}} }));
            })();
            </script>
            </body>
            </html>
            """;
    }
}
