namespace SparkTuner.Clients.Spark;

/// <summary>
/// Configuration section "SparkRest": where Spark's REST API lives. Leave <see cref="BaseUrl"/> unset when there is no
/// Spark UI to talk to; the source then reports "not_configured".
/// </summary>
public sealed class SparkRestOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "SparkRest";

    /// <summary>History server (http://host:18080) or live driver UI (http://driver:4040), optionally behind a proxy prefix.
    /// A trailing "/api/v1" is accepted and removed.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Total time for one call including retries, seconds. Each attempt gets at most 10 s (a third of this when smaller).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Optional bearer token sent as Authorization header (e.g. behind an OpenShift/Knox proxy).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Extra request headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <see cref="BaseUrl"/> is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary><see cref="BaseUrl"/> without trailing slash and without "/api/v1", or null.</summary>
    public string? NormalisedBaseUrl()
    {
        if (!IsConfigured) return null;
        var url = BaseUrl!.Trim().TrimEnd('/');
        if (url.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase)) url = url[..^"/api/v1".Length];
        return url;
    }
}
