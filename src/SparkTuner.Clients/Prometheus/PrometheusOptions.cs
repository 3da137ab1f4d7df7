using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Connection to one Prometheus-compatible server, bound from the configuration section <c>"Prometheus"</c>.
/// Credentials stay on the server: they are never put into exception messages or logs.
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Prometheus";

    /// <summary>Profiles used when <see cref="Profiles"/> is left empty.</summary>
    public static IReadOnlyList<string> DefaultProfiles { get; } = ["spark-native", "kubernetes"];

    /// <summary>Absolute http(s) URL; a path prefix is kept (Thanos/Mimir: <c>http://mimir/prometheus</c>).</summary>
    public string BaseUrl { get; set; } = "http://localhost:9090";

    /// <summary>Deadline of one attempt of one query, in seconds (1..600).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Static bearer token. Not together with <see cref="BearerTokenFile"/>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>File holding a bearer token, re-read for every request (rotated service-account tokens).</summary>
    public string? BearerTokenFile { get; set; }

    /// <summary>HTTP basic authentication.</summary>
    public PrometheusBasicAuth? BasicAuth { get; set; }

    /// <summary>Extra request headers, e.g. <c>X-Scope-OrgID</c> for Mimir/Cortex tenants.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Use the bearer token of the person asking (the <c>Authorization: Bearer</c> header of the HTTP request or of the
    /// page's connection, which the OpenShift console's plugin proxy sets to the logged-in user's token) for Prometheus
    /// queries, instead of <see cref="BearerToken"/>/<see cref="BearerTokenFile"/>/<see cref="BasicAuth"/>. A Thanos
    /// Querier then answers with what that user may see. A user action that carries no token is refused (it would
    /// otherwise see what the service account sees). The configured credentials remain for the service's own checks:
    /// the status chip and <c>/readyz</c> (build information only). The run-data cache is kept per token (keyed by
    /// its SHA-256), never shared between tokens.
    /// </summary>
    public bool ForwardUserToken { get; set; }

    /// <summary>PEM file of the CA(s) to trust for the server's TLS certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>Accept any TLS certificate. For tests and labs only.</summary>
    public bool InsecureSkipVerify { get; set; }

    /// <summary>
    /// Size of the process-wide cache of completed runs' data, in MiB (0 turns it off; default 256). Completed runs never
    /// change, so a reopened link or a second user costs no Prometheus query while its data is cached.
    /// </summary>
    public int CacheMegabytes { get; set; } = 256;

    /// <summary>
    /// A (metric, scope) whose raw read would hold more samples than this (executors × run duration ÷ scrape interval,
    /// summed over the runs) has its summary statistics computed by Prometheus, one number per series, where that is
    /// exact (counter totals, running peaks, the largest executor's gauge peak; see ServerReduction); 0 always, -1 never.
    /// Default 100,000 samples.
    /// </summary>
    public long ReduceAboveSamples { get; set; } = 100_000;

    /// <summary>The server's scrape interval in seconds: the smallest useful query step.</summary>
    public int ScrapeIntervalSeconds { get; set; } = 15;

    /// <summary>Exporter profile names; empty means <see cref="DefaultProfiles"/> (a list default would be appended to by the binder).</summary>
    public List<string> Profiles { get; set; } = [];

    /// <summary><see cref="Profiles"/>, or <see cref="DefaultProfiles"/> when none are configured.</summary>
    public IReadOnlyList<string> EffectiveProfiles => Profiles.Count > 0 ? Profiles : DefaultProfiles;

    /// <summary>
    /// Labels by which copies of one series differ when the source is an HA pair or a Thanos Querier without
    /// deduplication; empty means <c>prometheus_replica</c>, <c>replica</c>, <c>__replica__</c>. Copies are collapsed,
    /// never summed (see <c>SeriesIdentity</c>); the Data source check reports them.
    /// </summary>
    public List<string> ReplicaLabels { get; set; } = [];

    /// <summary>
    /// Deadline of one user action — a page load or interaction, an API call, a CLI command — over all its queries,
    /// retries and waiting for the cap included, in seconds (1..3600, default 30). When it passes, every query of the
    /// action is cancelled (its HTTP request aborted) and the user gets "Prometheus … did not answer within N s".
    /// </summary>
    public int RequestDeadlineSeconds { get; set; } = 30;

    /// <summary>
    /// Requests in flight to Prometheus at most, for the whole process (1..1000, default 16); one user action gets at
    /// most half of them, so users share the cap fairly (<see cref="UpstreamGate"/>).
    /// </summary>
    public int MaxConcurrentQueries { get; set; } = 16;

    /// <summary>The labels that tell copies of one series apart: <see cref="ReplicaLabels"/> (or the defaults) plus the scrape target's <c>job</c> and <c>instance</c>.</summary>
    public IReadOnlyList<string> EffectiveCopyLabels =>
        ReplicaLabels.Count > 0 ? [.. ReplicaLabels, "job", "instance"] : SeriesIdentity.DefaultCopyLabels;

    /// <summary><see cref="BaseUrl"/> without user info or trailing slash: safe to show in messages.</summary>
    public string DisplayUrl
    {
        get
        {
            if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)) return "(invalid URL)";
            var b = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
            return b.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }
    }
}

/// <summary>HTTP basic authentication credentials.</summary>
public sealed class PrometheusBasicAuth
{
    /// <summary>User name.</summary>
    public string Username { get; set; } = "";

    /// <summary>Password.</summary>
    public string Password { get; set; } = "";
}
