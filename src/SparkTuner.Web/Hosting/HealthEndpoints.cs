using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// ASP.NET Core health checks. <c>/healthz</c> is liveness: the process answers, no check runs (<c>ok</c>).
/// <c>/readyz</c> is readiness: the checks tagged <see cref="ReadyTag"/> — Prometheus answers (503 with the reason
/// otherwise); a server that answers without naming its version (VictoriaMetrics 1.79) is ready, version "unknown".
/// The bodies are written by hand so they stay what they were before the checks moved onto the library.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks /readyz runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The data-source check, tagged for readiness.</summary>
    public static IServiceCollection AddSparkTunerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<PrometheusHealthCheck>(PrometheusHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps /healthz and /readyz.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("ok\n");
            },
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
        return app;
    }

    /// <summary><c>{"status":"ready","prometheus":URL,"version":V}</c>, or <c>{"status":"not ready","prometheus":URL,"error":WHY}</c> with 503.</summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var entry = report.Entries.GetValueOrDefault(PrometheusHealthCheck.Name);
        var url = entry.Data?.GetValueOrDefault(PrometheusHealthCheck.UrlKey) as string;
        object body = report.Status == HealthStatus.Unhealthy
            ? new { status = "not ready", prometheus = url, error = entry.Description }
            : new { status = "ready", prometheus = url, version = entry.Data?.GetValueOrDefault(PrometheusHealthCheck.VersionKey) as string ?? "unknown" };
        return context.Response.WriteAsJsonAsync(body, body.GetType(), context.RequestAborted);
    }
}

/// <summary>
/// Prometheus answers its buildinfo. Reads <see cref="DataSourceStatusService"/>, so /readyz and the app bar share one
/// cached answer (at most 5 s old, 3 s deadline) and never hammer the server.
/// </summary>
public sealed class PrometheusHealthCheck(DataSourceStatusService status) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "prometheus";

    /// <summary>Data key of the server's URL (no credentials).</summary>
    public const string UrlKey = "prometheus";

    /// <summary>Data key of the version it names ("unknown" when none).</summary>
    public const string VersionKey = "version";

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = await status.GetAsync(cancellationToken);
        return s.Reachable
            ? HealthCheckResult.Healthy(s.Summary, new Dictionary<string, object> { [UrlKey] = s.Url, [VersionKey] = s.Version ?? "unknown" })
            : HealthCheckResult.Unhealthy(s.Error, data: new Dictionary<string, object> { [UrlKey] = s.Url });
    }
}
