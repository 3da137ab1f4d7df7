namespace SparkTuner.Web.Model;

/// <summary>
/// Where a page is shown: on its own (null, with the app bar) or chrome-less inside another page, such as the OpenShift
/// console (<c>/embed/compare</c>, <c>/embed/runs</c>). The embed layout cascades it; pages use it for their links, so
/// a link followed inside the frame stays inside the embedded views and keeps the theme the console asked for.
/// </summary>
/// <param name="Theme">"light" or "dark" as asked by <c>?theme=</c>, or null (then the cookie or the system preference decides).</param>
public sealed record EmbedContext(string? Theme)
{
    /// <summary>The query parameter that picks the theme of an embedded view.</summary>
    public const string ThemeParameter = "theme";

    /// <summary>"light" or "dark" for those values (any case); null for anything else.</summary>
    public static string? ParseTheme(string? value) =>
        string.Equals(value, "dark", StringComparison.OrdinalIgnoreCase) ? "dark"
        : string.Equals(value, "light", StringComparison.OrdinalIgnoreCase) ? "light"
        : null;

    /// <summary>
    /// A dashboard URL (<see cref="DashboardUrls"/>: <c>/runs?…</c>, <c>/compare?…</c>) for a page shown in
    /// <paramref name="embed"/>: unchanged on its own; else the embedded view's URL relative to the document's base
    /// (<c>embed/compare?…&amp;theme=dark</c>), so that it stays under whatever path prefix a proxy serves the views under.
    /// </summary>
    public static string Link(EmbedContext? embed, string url)
    {
        if (embed is null) return url;
        var relative = "embed/" + url.TrimStart('/');
        return embed.Theme is { } theme
            ? relative + (relative.Contains('?') ? "&" : "?") + ThemeParameter + "=" + theme
            : relative;
    }

    /// <summary>
    /// The <c>&lt;base href&gt;</c> of a page at <paramref name="path"/> (the request path, without its path base): for
    /// an embedded view, the way back up to the app's root relative to the page itself (<c>/embed/compare</c> → <c>../</c>),
    /// because the console's proxy strips its prefix (<c>/api/proxy/plugin/NAME/ALIAS</c>) and tells the app nothing of
    /// it; the browser then resolves assets, the <c>_blazor</c> connection and links under that prefix. Other pages get
    /// <paramref name="pathBase"/> + <c>/</c>.
    /// </summary>
    public static string BaseHref(string? pathBase, string path)
    {
        if (!path.StartsWith("/embed/", StringComparison.OrdinalIgnoreCase) && !string.Equals(path, "/embed", StringComparison.OrdinalIgnoreCase))
        {
            return (pathBase ?? "").TrimEnd('/') + "/";
        }
        var depth = path.Trim('/').Split('/').Length - 1;
        return depth == 0 ? "./" : string.Concat(Enumerable.Repeat("../", depth));
    }
}
