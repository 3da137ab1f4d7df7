using Microsoft.AspNetCore.Components.Server.Circuits;
using SparkTuner.Clients.Prometheus;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// Where the web app says who is asking Prometheus (<see cref="UpstreamScope"/>): each HTTP request (an API call, a
/// prerendered page, <c>/readyz</c>) is one user action, and so is each interaction of a page's circuit (a navigation, a
/// click): its queries share one fair part of the cap and one deadline, counted from its start. When the host stops, the
/// gate cancels every query in flight (<see cref="UpstreamGate.Stop"/>).
/// </summary>
public static class UpstreamScopes
{
    /// <summary>The circuit handler that scopes each inbound interaction of a circuit.</summary>
    public static IServiceCollection AddUpstreamScopes(this IServiceCollection services)
    {
        services.AddScoped<CircuitHandler, CircuitScopeHandler>();
        return services;
    }

    /// <summary>Scopes every HTTP request, and stops upstream work when the host stops.</summary>
    public static WebApplication UseUpstreamScopes(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<UpstreamGate>();
        // Linked, not awaited: a SIGTERM must not wait for Prometheus (nor its retries) before the host can stop.
        app.Lifetime.ApplicationStopping.Register(gate.Stop);
        app.Use(async (context, next) =>
        {
            using var scope = UpstreamScope.Begin("http:" + context.TraceIdentifier);
            await next(context);
        });
        return app;
    }

    private sealed class CircuitScopeHandler : CircuitHandler
    {
        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            async context =>
            {
                using var scope = UpstreamScope.Begin("circuit:" + context.Circuit.Id);
                await next(context);
            };
    }
}
