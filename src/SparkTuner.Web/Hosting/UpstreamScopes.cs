using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using SparkTuner.Clients.Prometheus;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// Where the web app says who is asking Prometheus (<see cref="UpstreamScope"/>): each HTTP request (an API call, a
/// prerendered page, <c>/readyz</c>) is one user action, and so is each interaction of a page's circuit (a navigation, a
/// click): its queries share one fair part of the cap and one deadline, counted from its start. When the host stops, the
/// gate cancels every query in flight (<see cref="UpstreamGate.Stop"/>). With <see cref="PrometheusOptions.ForwardUserToken"/>
/// each scope also carries the caller's <c>Authorization: Bearer</c> token: the HTTP request's own, or, for a circuit,
/// the one its connection (the <c>/_blazor</c> request, which came through the same console proxy) carried, taken
/// again at every reconnection.
/// </summary>
public static class UpstreamScopes
{
    /// <summary>The circuit handler that scopes each inbound interaction of a circuit.</summary>
    public static IServiceCollection AddUpstreamScopes(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, CircuitScopeHandler>();
        return services;
    }

    /// <summary>Scopes every HTTP request, and stops upstream work when the host stops.</summary>
    public static WebApplication UseUpstreamScopes(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<UpstreamGate>();
        // Linked, not awaited: a SIGTERM must not wait for Prometheus (nor its retries) before the host can stop.
        app.Lifetime.ApplicationStopping.Register(gate.Stop);
        var forward = app.Services.GetRequiredService<IOptions<PrometheusOptions>>().Value.ForwardUserToken;
        app.Use(async (context, next) =>
        {
            using var scope = UpstreamScope.Begin("http:" + context.TraceIdentifier, forward ? BearerToken(context.Request) : null);
            await next(context);
        });
        return app;
    }

    /// <summary>The token of an <c>Authorization: Bearer TOKEN</c> header (scheme in any case), or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && value.Length > scheme.Length
            ? value[scheme.Length..].Trim()
            : null;
    }

    private sealed class CircuitScopeHandler(IHttpContextAccessor http, IOptions<PrometheusOptions> options) : CircuitHandler
    {
        private string? _token;

        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            // Runs inside the hub's connection, whose HttpContext is the /_blazor request: a reconnection may bring a
            // fresh token (the console's session renewed it), so it replaces the one kept.
            if (options.Value.ForwardUserToken && http.HttpContext is { } context)
            {
                _token = BearerToken(context.Request);
            }
            return Task.CompletedTask;
        }

        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            async context =>
            {
                using var scope = UpstreamScope.Begin("circuit:" + context.Circuit.Id, _token);
                await next(context);
            };
    }
}
