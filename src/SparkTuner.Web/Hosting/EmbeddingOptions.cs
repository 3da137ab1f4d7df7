using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// Who may frame the chrome-less views under <c>/embed/</c> ("Embedding" section of appsettings.json). Every other
/// page keeps <c>frame-ancestors 'self'</c>.
/// </summary>
public sealed class EmbeddingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Embedding";

    /// <summary>The path every embeddable view lives under.</summary>
    public const string PathPrefix = "/embed";

    /// <summary>
    /// The CSP <c>frame-ancestors</c> sources of <c>/embed/*</c> (CSP Level 3 §7.7.2), separated by spaces: <c>'self'</c>
    /// (the default: the OpenShift console's plugin proxy serves the views from the console's own origin), <c>'none'</c>,
    /// a scheme (<c>https:</c>) or a host source (<c>https://console.example.com</c>, <c>https://*.apps.example.com:8443</c>).
    /// </summary>
    public string FrameAncestors { get; set; } = "'self'";

    /// <summary>
    /// A folder holding the built OpenShift console plugin (<c>plugin-manifest.json</c> and its chunks), served under
    /// <c>/console-plugin/</c>; null (the default) serves nothing there. The console loads the plugin from the Service
    /// the ConsolePlugin resource names, so one Deployment and one service-CA certificate serve both the plugin and
    /// the views it frames.
    /// </summary>
    public string? ConsolePluginDirectory { get; set; }

    /// <summary>The URL path the built console plugin is served under.</summary>
    public const string ConsolePluginPath = "/console-plugin";

    /// <summary>Whether <paramref name="path"/> is an embeddable view's (or under one).</summary>
    public static bool IsEmbedPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Validates <see cref="EmbeddingOptions"/> at start-up (registered with ValidateOnStart).</summary>
public sealed partial class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        var failures = new List<string>();
        var sources = (options.FrameAncestors ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (sources.Length == 0)
        {
            failures.Add($"{EmbeddingOptions.SectionName}:FrameAncestors is empty; expected CSP frame-ancestors sources such as 'self' or https://console.example.com.");
        }
        foreach (var source in sources)
        {
            // One bad token (a ';' or ',' most likely) would end the directive or the header: refuse it rather than send it.
            if (source.Equals("self", StringComparison.OrdinalIgnoreCase) || source.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                // Valid CSP, but a host named "self": almost surely the keyword without its quotes.
                failures.Add($"{EmbeddingOptions.SectionName}:FrameAncestors = '{options.FrameAncestors}' has {source} without quotes, which CSP reads as a host name; expected '{source.ToLowerInvariant()}' with single quotes.");
            }
            else if (!Source().IsMatch(source))
            {
                failures.Add($"{EmbeddingOptions.SectionName}:FrameAncestors = '{options.FrameAncestors}' has '{source}', which is not a frame-ancestors source; expected 'self', 'none', a scheme (https:) or a host source (https://console.example.com), separated by spaces.");
            }
        }
        if (sources.Length > 1 && sources.Contains("'none'", StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{EmbeddingOptions.SectionName}:FrameAncestors = '{options.FrameAncestors}' combines 'none' with other sources; expected 'none' alone.");
        }
        if (options.ConsolePluginDirectory is { Length: > 0 } dir && !File.Exists(Path.Combine(dir, "plugin-manifest.json")))
        {
            failures.Add($"{EmbeddingOptions.SectionName}:ConsolePluginDirectory = '{dir}' holds no plugin-manifest.json; expected the dist folder of the built console plugin.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // CSP3 source grammar, restricted to what frame-ancestors accepts: 'self' / 'none', scheme-source, host-source
    // (scheme optional, host with an optional leading wildcard label, optional port or *, optional path).
    [GeneratedRegex(@"^(?:'self'|'none'|[a-zA-Z][a-zA-Z0-9+.\-]*:|(?:[a-zA-Z][a-zA-Z0-9+.\-]*://)?(?:\*|(?:\*\.)?[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)*)(?::(?:[0-9]+|\*))?(?:/[^\s;,]*)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Source();
}
