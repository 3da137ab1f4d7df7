namespace SparkTuner.Web.Model;

/// <summary>What the app bar shows about the metrics source.</summary>
/// <param name="Reachable">True when buildinfo answered.</param>
/// <param name="Url">The base URL (no credentials).</param>
/// <param name="Version">The version it reports; null when it answered without one (VictoriaMetrics 1.79) or is not reachable.</param>
/// <param name="Error">Why it is not reachable, or null.</param>
/// <param name="CheckedAt">When it was asked.</param>
public sealed record DataSourceStatus(bool Reachable, string Url, string? Version, string? Error, DateTimeOffset CheckedAt)
{
    /// <summary>"2.42.0", or "version unknown" when the server names none.</summary>
    public string VersionText => Version ?? "version unknown";

    /// <summary>One line for the chip's tooltip and /readyz.</summary>
    public string Summary => Reachable
        ? Version is null ? $"Prometheus at {Url} (version unknown)" : $"Prometheus {Version} at {Url}"
        : $"Prometheus not reachable at {Url}: {Error}";
}
