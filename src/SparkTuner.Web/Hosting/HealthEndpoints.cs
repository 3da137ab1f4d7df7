using SparkTuner.Web.Services;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// /healthz: the process is up. /readyz: Prometheus answers (503 with the reason otherwise); a server that answers
/// without naming its version (VictoriaMetrics 1.79) is ready, with version "unknown".
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps /healthz and /readyz.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (DataSourceStatusService status, CancellationToken ct) =>
        {
            var s = await status.GetAsync(ct);
            return s.Reachable
                ? Results.Json(new { status = "ready", prometheus = s.Url, version = s.Version ?? "unknown" })
                : Results.Json(new { status = "not ready", prometheus = s.Url, error = s.Error }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
