namespace SparkTuner.Web.Hosting;

/// <summary>
/// The Content-Security-Policy of every response, built in this one place so that a later embedding option only has to
/// change <see cref="FrameAncestors"/>. It is as strict as Blazor Server, MudBlazor and Plotly (basic bundle, SVG
/// traces) allow. Each directive says why each of its sources is there:
/// <list type="bullet">
/// <item><c>default-src 'self'</c>: everything not named below (fonts, the favicon, manifests) comes from this app only.</item>
/// <item><c>script-src 'self'</c>: blazor.web.js, MudBlazor.min.js, the reconnect module and Plotly.Blazor's ES module,
/// which loads plotly-basic. All are files of this app. None needs <c>'unsafe-eval'</c> or <c>'wasm-unsafe-eval'</c>: Blazor
/// Server runs .NET on the server, not WebAssembly, and the basic Plotly bundle (scatter over SVG) has no WebGL/regl code
/// that compiles functions at run time. The browser tests draw every chart of the Compare page under this policy with no
/// violation. There are no inline scripts, so no <c>'unsafe-inline'</c>, hash or nonce.</item>
/// <item><c>style-src 'self' 'unsafe-inline'</c>: the stylesheets are the app's, but MudBlazor writes inline
/// <c>style</c> attributes (popover positions, theme colours, sizes), Plotly sets inline styles and style elements on
/// its SVG, and the components write a few <c>style=</c> attributes of their own. Without <c>'unsafe-inline'</c>, menus
/// and charts render wrongly. An inline style cannot run script.</item>
/// <item><c>img-src 'self' data:</c>: the favicon, and the <c>data:</c> URIs MudBlazor's CSS and Plotly's mode bar use.</item>
/// <item><c>connect-src 'self'</c>: Blazor's WebSocket (<c>/_blazor</c>) and its negotiation go back to the origin that
/// served the page. In CSP Level 3 <c>'self'</c> also matches <c>ws:</c>/<c>wss:</c> on the same host and port
/// (Chromium, Firefox and Safari do so), so no WebSocket origin is listed.</item>
/// <item><c>frame-ancestors 'self'</c>: no other site may frame the dashboard (clickjacking); see <see cref="FrameAncestors"/>.
/// The chrome-less views under <c>/embed/</c> get <see cref="EmbeddingOptions.FrameAncestors"/> instead.</item>
/// <item><c>base-uri 'self'</c>: App.razor's <c>&lt;base href="/"&gt;</c>, and nothing an injection could point elsewhere.</item>
/// <item><c>form-action 'self'</c>: forms post only to this app.</item>
/// <item><c>object-src 'none'</c>: no plugins.</item>
/// </list>
/// </summary>
public static class ContentSecurityPolicy
{
    /// <summary>Who may frame the pages. Kept apart so that an embedding option can widen it.</summary>
    public const string FrameAncestors = "'self'";

    /// <summary>The header value.</summary>
    public static string Value { get; } = Build(FrameAncestors);

    /// <summary>The policy with <paramref name="frameAncestors"/> as the <c>frame-ancestors</c> sources.</summary>
    public static string Build(string frameAncestors) => string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        $"frame-ancestors {frameAncestors}",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'");
}

/// <summary>
/// The response headers of every answer (pages, <c>/api</c>, health, static files, errors) and HEAD for every GET.
/// <list type="bullet">
/// <item><c>X-Content-Type-Options: nosniff</c>: a browser never guesses a script or stylesheet from a body, for
/// example an echoed error text served as text/plain.</item>
/// <item><c>Referrer-Policy: no-referrer</c>: links from the dashboard go to other tools (Prometheus, the Spark UI).
/// A share link's query holds run ids and ranges, which other origins have no need to see. No page of the app needs
/// a Referer itself, so the strictest value costs nothing.</item>
/// <item><c>Content-Security-Policy</c>: <see cref="ContentSecurityPolicy"/>; on <c>/embed/*</c> its
/// <c>frame-ancestors</c> is <see cref="EmbeddingOptions.FrameAncestors"/> (default <c>'self'</c>).</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The Referrer-Policy value (see the class remarks for why).</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>
    /// Adds the headers just before each response starts. That is later than any handler or the exception handler,
    /// which clears headers when it re-executes the error page, so they cannot be lost.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Read at the first request, after the host's start-up validation has checked the option.
        var embedPolicy = new Lazy<string>(() =>
        {
            var ancestors = app.ApplicationServices.GetService<Microsoft.Extensions.Options.IOptions<EmbeddingOptions>>()?.Value.FrameAncestors;
            return ContentSecurityPolicy.Build(string.IsNullOrWhiteSpace(ancestors) ? ContentSecurityPolicy.FrameAncestors : ancestors.Trim());
        });
        return app.Use((context, next) =>
        {
            // The path as requested: a status page re-executed for it (not-found) still answers an /embed request.
            var policy = EmbeddingOptions.IsEmbedPath(context.Request.Path) ? embedPolicy.Value : ContentSecurityPolicy.Value;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                headers.ContentSecurityPolicy = policy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>
    /// Answers HEAD like GET without a body (RFC 9110 §9.3.2). Endpoints, minimal APIs and Razor component routes alike
    /// are mapped for GET only, so the request runs as a GET with its body written to nowhere. The headers, including
    /// Content-Length when the endpoint sets one, are what a GET would get. Kestrel sends no body for a HEAD, whatever
    /// is written. The null body also keeps other servers (the test server) from sending one.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(
            new StreamResponseBodyFeature(Stream.Null, body!));
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(body);
        }
    });
}
