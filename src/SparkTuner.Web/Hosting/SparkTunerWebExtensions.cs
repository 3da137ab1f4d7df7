using System.Text.Json;
using System.Text.Json.Serialization;
using MudBlazor.Services;
using SparkTuner.Clients.Configuration;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Web.Components;
using SparkTuner.Web.Model;
using SparkTuner.Web.Services;

namespace SparkTuner.Web.Hosting;

/// <summary>Registrations and the request pipeline, grouped by concern so Program.cs stays short.</summary>
public static class SparkTunerWebExtensions
{
    public static WebApplicationBuilder AddSparkTunerWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSparkTuner(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataSourceStatusService>();
        builder.Services.AddScoped<RunsService>();
        builder.Services.AddScoped<ComparePageService>();
        builder.Services.AddScoped<SparkRestPageService>();
        builder.Services.AddScoped<DataSourcePageService>();
        builder.Services.AddValidatedOptions<ChartDrawingOptions, ChartDrawingOptionsValidator>(builder.Configuration.GetSection(ChartDrawingOptions.SectionName));
        builder.Services.AddValidatedOptions<EmbeddingOptions, EmbeddingOptionsValidator>(builder.Configuration.GetSection(EmbeddingOptions.SectionName));
        builder.Services.AddSparkTunerApi();
        builder.AddSnapshots();
        builder.Services.AddUpstreamScopes();
        builder.Services.AddSparkTunerHealthChecks();
        builder.Services.AddSparkTunerTelemetry();
        builder.Services.AddMudServices();
        // Package assets (MudBlazor's 600 KB stylesheet) are only precompressed by publish; compress them under `dotnet run` too.
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // Never send exception details to the browser; pages show their own messages.
            o.DetailedErrors = false;
        });
        return builder;
    }

    /// <summary>Problem details for /api errors, the 500 handler, and the OpenAPI document of /api/* only.</summary>
    public static IServiceCollection AddSparkTunerApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // The API's bodies are written by ComparisonJson (enums as lower snake strings); the OpenAPI schemas are derived
        // from these options, so they say the same.
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SparkTuner API";
                document.Info.Description = "Spark runs found in Prometheus, and their comparison. Errors are RFC 9457 problem details.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication UseSparkTunerWeb(this WebApplication app)
    {
        // First, so every answer carries them (errors and status-code pages included) and HEAD reaches every GET route.
        app.UseSecurityHeaders();
        app.UseHeadAsGet();
        app.UseUpstreamScopes();
        // Explicitly here, after the HEAD rewrite: the implicit UseRouting of WebApplication would match before it (405 for HEAD).
        app.UseRouting();
        app.UseSparkTunerRequestMetrics();
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // /api answers its own errors as problem details; pages get the not-found page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseResponseCompression();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.UseConsolePluginFiles();
        app.MapHealthEndpoints();
        app.MapSparkTunerMetrics();
        app.MapOpenApi();
        app.MapSparkTunerApi();
        app.UseSnapshots();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Serves the built OpenShift console plugin under <see cref="EmbeddingOptions.ConsolePluginPath"/> when
    /// <see cref="EmbeddingOptions.ConsolePluginDirectory"/> is set. The console's backend fetches it through the
    /// ConsolePlugin's Service, so the same Deployment and service-CA certificate that answer the plugin's proxy serve it.
    /// </summary>
    public static WebApplication UseConsolePluginFiles(this WebApplication app)
    {
        var dir = app.Configuration.GetSection(EmbeddingOptions.SectionName)[nameof(EmbeddingOptions.ConsolePluginDirectory)];
        if (!string.IsNullOrWhiteSpace(dir) && Directory.Exists(dir))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetFullPath(dir)),
                RequestPath = EmbeddingOptions.ConsolePluginPath,
                // The manifest names the chunks; a stale manifest after an upgrade would load chunks that are gone.
                OnPrepareResponse = c =>
                {
                    if (c.File.Name == "plugin-manifest.json") c.Context.Response.Headers.CacheControl = "no-cache";
                },
            });
        }
        return app;
    }

    /// <summary>
    /// A configuration mistake found at start-up (<c>ValidateOnStart</c>) ends the process with one line per key at
    /// fault on stderr — <c>configuration error: KEY = 'VALUE' problem; expected …</c> — and exit code 2, as the CLI,
    /// rather than an unhandled-exception abort with a stack trace. (The exception still leaves <c>app.Run()</c>: a test
    /// host started by WebApplicationFactory sees it as thrown.)
    /// </summary>
    public static void ExitWithConfigurationErrors()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception ex && ValidatedOptionsExtensions.ConfigurationErrors(ex) is { } errors)
            {
                foreach (var line in errors)
                {
                    Console.Error.WriteLine($"configuration error: {line}");
                }
                Environment.Exit(2);
            }
        };
    }
}
