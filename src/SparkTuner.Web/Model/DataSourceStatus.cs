namespace SparkTuner.Web.Model;

/// <summary>What the app bar shows about the metrics source.</summary>
public sealed record DataSourceStatus(bool Reachable, string Url, string? Version, string? Error, DateTimeOffset CheckedAt)
{
    public string Summary => Reachable
        ? $"Prometheus {Version} at {Url}"
        : $"Prometheus not reachable at {Url}: {Error}";
}
